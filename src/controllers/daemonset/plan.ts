// What a DaemonSet sync should change, as pure functions over the cache: `manage` puts exactly one
// daemon pod on each node that should run it and removes the rest (upstream podsShouldBeOnNode);
// `rollingUpdate` replaces old-revision pods within maxUnavailable, or surges new ones first within
// maxSurge (upstream rollingUpdate).
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { DaemonSet } from 'kubernetes-types/apps/v1.d.ts';
import { nodeShouldRunDaemonPod } from './eligibility.ts';
import { isPodAvailable, isUpdated, oldestFirst } from './pods.ts';

export interface NodeChanges {
  /** Nodes that need a daemon pod created. */
  create: string[];
  delete: Pod[];
}

const live = (pods: readonly Pod[]) => pods.filter((p) => !p.metadata?.deletionTimestamp);

/** intstr: an absolute number or a percentage of `total`, rounded up. */
export function scaledValue(value: number | string | undefined, total: number, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  if (m) return Math.ceil((Number(m[1]) * total) / 100);
  const n = Number(value);
  return Number.isInteger(n) ? n : fallback;
}

export function maxSurgeAndUnavailable(ds: DaemonSet, desired: number): { maxSurge: number; maxUnavailable: number } {
  const ru = ds.spec?.updateStrategy?.rollingUpdate;
  const maxSurge = scaledValue(ru?.maxSurge as number | string | undefined, desired, 0);
  const maxUnavailable = scaledValue(ru?.maxUnavailable as number | string | undefined, desired, 1);
  // Both zero would stall the rollout; upstream then allows one unavailable.
  return { maxSurge, maxUnavailable: maxSurge === 0 && maxUnavailable === 0 ? 1 : maxUnavailable };
}

export function manage(ds: DaemonSet, nodes: readonly Node[], nodeToPods: Map<string, Pod[]>, hash: string, maxSurge: number): NodeChanges {
  const changes: NodeChanges = { create: [], delete: [] };
  const known = new Set(nodes.map((n) => n.metadata!.name!));
  for (const node of nodes) {
    const name = node.metadata!.name!;
    const pods = nodeToPods.get(name) ?? [];
    const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
    if (shouldRun && pods.length === 0) {
      changes.create.push(name);
    } else if (shouldContinueRunning) {
      const running: Pod[] = [];
      for (const pod of live(pods)) {
        // A failed daemon pod is replaced (on a later sync, once it is gone).
        if (pod.status?.phase === 'Failed') changes.delete.push(pod);
        else running.push(pod);
      }
      changes.delete.push(...excess(running.sort(oldestFirst), hash, maxSurge > 0));
    } else {
      changes.delete.push(...live(pods));
    }
  }
  // Pods pinned to nodes that are gone and never bound would wait forever.
  for (const [name, pods] of nodeToPods) {
    if (!known.has(name)) changes.delete.push(...live(pods).filter((p) => !p.spec?.nodeName));
  }
  return changes;
}

/** More than one pod on a node: keep the oldest (with surge, the oldest new and the oldest old). */
function excess(running: Pod[], hash: string, surge: boolean): Pod[] {
  if (!surge) return running.slice(1);
  let keptNew = false;
  let keptOld = false;
  return running.filter((pod) => {
    if (isUpdated(pod, hash) ? !keptNew && (keptNew = true) : !keptOld && (keptOld = true)) return false;
    return true;
  });
}

/** The one new and one old live pod on a node; undefined when there are more of either. */
function newAndOld(pods: readonly Pod[], hash: string): { newPod?: Pod; oldPod?: Pod } | undefined {
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  for (const pod of live(pods)) {
    if (isUpdated(pod, hash)) {
      if (newPod) return undefined;
      newPod = pod;
    } else {
      if (oldPod) return undefined;
      oldPod = pod;
    }
  }
  return { newPod, oldPod };
}

export function rollingUpdate(ds: DaemonSet, nodes: readonly Node[], nodeToPods: Map<string, Pod[]>, hash: string, now: number): NodeChanges {
  const desired = nodes.filter((n) => nodeShouldRunDaemonPod(n, ds).shouldRun).length;
  const { maxSurge, maxUnavailable } = maxSurgeAndUnavailable(ds, desired);
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const available = (p: Pod) => isPodAvailable(p, minReady, now);
  return maxSurge === 0 ? replaceInPlace(nodeToPods, hash, maxUnavailable, available) : surge(ds, nodes, nodeToPods, hash, maxSurge, available);
}

function replaceInPlace(nodeToPods: Map<string, Pod[]>, hash: string, maxUnavailable: number, available: (p: Pod) => boolean): NodeChanges {
  let unavailable = 0;
  const replaceNow: Pod[] = [];
  const candidates: Pod[] = [];
  for (const pods of nodeToPods.values()) {
    const found = newAndOld(pods, hash);
    if (!found || (!found.newPod && !found.oldPod) || (found.newPod && found.oldPod)) {
      unavailable++;
    } else if (found.newPod) {
      if (!available(found.newPod)) unavailable++;
    } else if (!available(found.oldPod!)) {
      // Already down: replacing it costs nothing.
      replaceNow.push(found.oldPod!);
    } else if (unavailable < maxUnavailable) {
      candidates.push(found.oldPod!);
    }
  }
  const room = Math.max(0, Math.min(maxUnavailable - unavailable, candidates.length));
  return { create: [], delete: [...replaceNow, ...candidates.slice(0, room)] };
}

function surge(ds: DaemonSet, nodes: readonly Node[], nodeToPods: Map<string, Pod[]>, hash: string, maxSurge: number, available: (p: Pod) => boolean): NodeChanges {
  const eligible = new Set(nodes.filter((n) => nodeShouldRunDaemonPod(n, ds).shouldRun).map((n) => n.metadata!.name!));
  let surging = 0;
  const createNow: string[] = [];
  const candidates: string[] = [];
  const deletes: Pod[] = [];
  for (const [node, pods] of nodeToPods) {
    const found = newAndOld(pods, hash);
    if (!found) {
      surging++;
    } else if (!found.oldPod) {
      // Nothing to replace; manage handles a missing pod.
    } else if (!found.newPod) {
      if (!eligible.has(node)) continue;
      if (!available(found.oldPod)) createNow.push(node);
      else if (surging < maxSurge) candidates.push(node);
    } else if (!available(found.newPod)) {
      surging++;
    } else {
      deletes.push(found.oldPod);
    }
  }
  const room = Math.max(0, Math.min(maxSurge - surging, candidates.length));
  return { create: [...createNow, ...candidates.slice(0, room)], delete: deletes };
}
