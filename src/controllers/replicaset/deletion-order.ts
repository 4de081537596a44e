// Which pods a ReplicaSet deletes first when it has too many (upstream ActivePodsWithRanks, with
// the PodDeletionCost and LogarithmicScaleDown features on, as they are by default): the pods whose
// loss hurts least come first.
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { isPodActive, isPodReady, podReadySince } from './pod-status.ts';

export const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

const phaseOrdinal: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

interface Ranked {
  pod: Pod;
  /** Active related pods on the same node: doubled-up pods go first. */
  rank: number;
}

/**
 * Negative when `a` should be deleted before `b`:
 * unassigned < assigned; Pending < Unknown < Running; not ready < ready; lower deletion cost;
 * more colocated related pods; ready more recently (log2 buckets); more restarts; newer (log2
 * buckets, then UID).
 */
export function compareForDeletion(a: Ranked, b: Ranked, now: number): number {
  const na = a.pod.spec?.nodeName ?? '';
  const nb = b.pod.spec?.nodeName ?? '';
  if (na !== nb && (!na || !nb)) return na ? 1 : -1;
  const pa = phaseOrdinal[a.pod.status?.phase ?? ''] ?? 0;
  const pb = phaseOrdinal[b.pod.status?.phase ?? ''] ?? 0;
  if (pa !== pb) return pa - pb;
  const ra = isPodReady(a.pod);
  const rb = isPodReady(b.pod);
  if (ra !== rb) return ra ? 1 : -1;
  const ca = deletionCost(a.pod);
  const cb = deletionCost(b.pod);
  if (ca !== cb) return ca < cb ? -1 : 1;
  if (a.rank !== b.rank) return b.rank - a.rank;
  if (ra && rb) {
    const byReady = newerFirst(podReadySince(a.pod), podReadySince(b.pod), a.pod, b.pod, now);
    if (byReady !== 0) return byReady;
  }
  const restartsA = maxRestarts(a.pod);
  const restartsB = maxRestarts(b.pod);
  if (restartsA !== restartsB) return restartsB - restartsA;
  return newerFirst(timeOf(a.pod.metadata?.creationTimestamp), timeOf(b.pod.metadata?.creationTimestamp), a.pod, b.pod, now);
}

/** The `diff` pods to delete from `pods`, ranking by related pods (same owner family) per node. */
export function podsToDelete(pods: readonly Pod[], related: readonly Pod[], diff: number, now: number): Pod[] {
  if (diff >= pods.length) return [...pods];
  const onNode = new Map<string, number>();
  for (const p of related) {
    if (!isPodActive(p)) continue;
    const node = p.spec?.nodeName ?? '';
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const ranked = pods.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? '') ?? 0 }));
  ranked.sort((a, b) => compareForDeletion(a, b, now));
  return ranked.slice(0, diff).map((r) => r.pod);
}

function deletionCost(pod: Pod): number {
  const raw = pod.metadata?.annotations?.[POD_DELETION_COST];
  if (raw === undefined || !/^-?\d+$/.test(raw)) return 0;
  const n = Number(raw);
  return n >= -(2 ** 31) && n < 2 ** 31 ? n : 0;
}

function maxRestarts(pod: Pod): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0));
}

function timeOf(ts: string | undefined): number | undefined {
  if (!ts) return undefined;
  const t = Date.parse(ts);
  return Number.isNaN(t) ? undefined : t;
}

/** Unknown times first, then the more recent; equal log2(age in ns) buckets fall back to UID order. */
function newerFirst(ta: number | undefined, tb: number | undefined, a: Pod, b: Pod, now: number): number {
  if (ta === tb) return 0;
  if (ta === undefined || tb === undefined) return ta === undefined ? -1 : 1;
  const diff = logRank(ta, now) - logRank(tb, now);
  if (diff !== 0) return diff;
  const ua = a.metadata?.uid ?? '';
  const ub = b.metadata?.uid ?? '';
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

function logRank(t: number, now: number): number {
  const ageNs = (now - t) * 1e6;
  return ageNs > 0 ? Math.floor(Math.log2(ageNs)) : -1;
}
