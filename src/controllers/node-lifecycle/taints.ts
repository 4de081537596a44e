// Taints and tolerations as upstream matches them (k8s.io/api/core/v1 Toleration.ToleratesTaint), the
// well-known node taints, and which ones a node's conditions call for (TaintNodesByCondition and the
// NoExecute not-ready/unreachable taints).
import type { Node, Taint, Toleration } from 'kubernetes-types/core/v1.d.ts';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
export const TAINT_MEMORY_PRESSURE = 'node.kubernetes.io/memory-pressure';
export const TAINT_DISK_PRESSURE = 'node.kubernetes.io/disk-pressure';
export const TAINT_PID_PRESSURE = 'node.kubernetes.io/pid-pressure';
export const TAINT_NETWORK_UNAVAILABLE = 'node.kubernetes.io/network-unavailable';

export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  // An empty key with Exists matches every taint.
  switch (toleration.operator ?? 'Equal') {
    case 'Exists':
      return true;
    case 'Equal':
      return !!toleration.key && (toleration.value ?? '') === (taint.value ?? '');
    default:
      return false;
  }
}

/** The first taint (of those `consider` picks) no toleration covers. */
export function findUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[], consider: (t: Taint) => boolean = () => true): Taint | undefined {
  return taints.find((taint) => consider(taint) && !tolerations.some((t) => tolerates(t, taint)));
}

/**
 * How long a pod may stay on a node with these NoExecute taints: 0 when one is not tolerated,
 * Infinity when every tolerating toleration is open-ended, else the shortest tolerationSeconds (ms).
 */
export function tolerationWindowMs(taints: readonly Taint[], tolerations: readonly Toleration[]): number {
  let window = Infinity;
  for (const taint of taints) {
    const matching = tolerations.filter((t) => tolerates(t, taint));
    if (matching.length === 0) return 0;
    for (const t of matching) if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) window = Math.min(window, Math.max(0, t.tolerationSeconds) * 1000);
  }
  return window;
}

const condition = (node: Node, type: string) => node.status?.conditions?.find((c) => c.type === type)?.status;

/** The taints the controller owns, as the node's conditions and spec.unschedulable ask for them now. */
export function conditionTaints(node: Node, now: string): Taint[] {
  const ready = condition(node, 'Ready');
  const taints: Taint[] = [];
  if (ready === 'False') taints.push({ key: TAINT_NOT_READY, effect: 'NoSchedule' }, { key: TAINT_NOT_READY, effect: 'NoExecute', timeAdded: now });
  if (ready === 'Unknown') taints.push({ key: TAINT_UNREACHABLE, effect: 'NoSchedule' }, { key: TAINT_UNREACHABLE, effect: 'NoExecute', timeAdded: now });
  if (condition(node, 'MemoryPressure') === 'True') taints.push({ key: TAINT_MEMORY_PRESSURE, effect: 'NoSchedule' });
  if (condition(node, 'DiskPressure') === 'True') taints.push({ key: TAINT_DISK_PRESSURE, effect: 'NoSchedule' });
  if (condition(node, 'PIDPressure') === 'True') taints.push({ key: TAINT_PID_PRESSURE, effect: 'NoSchedule' });
  if (condition(node, 'NetworkUnavailable') === 'True') taints.push({ key: TAINT_NETWORK_UNAVAILABLE, effect: 'NoSchedule' });
  if (node.spec?.unschedulable) taints.push({ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
  return taints;
}

const OWNED = new Set([TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_MEMORY_PRESSURE, TAINT_DISK_PRESSURE, TAINT_PID_PRESSURE, TAINT_NETWORK_UNAVAILABLE, TAINT_UNSCHEDULABLE]);
const sameTaint = (a: Taint, b: Taint) => a.key === b.key && a.effect === b.effect && (a.value ?? '') === (b.value ?? '');

/**
 * The node's taints with the controller-owned ones replaced by `wanted` (others untouched; a taint
 * already present keeps its timeAdded); undefined when nothing changes.
 */
export function reconcileTaints(current: readonly Taint[], wanted: readonly Taint[]): Taint[] | undefined {
  const kept = current.filter((t) => !OWNED.has(t.key) || wanted.some((w) => sameTaint(w, t)));
  const added = wanted.filter((w) => !current.some((t) => sameTaint(w, t)));
  if (added.length === 0 && kept.length === current.length) return undefined;
  return [...kept, ...added];
}
