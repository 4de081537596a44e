// Pod facts both workload controllers count by (upstream pkg/api/v1/pod and controller_utils):
// active, ready, and available = ready for at least minReadySeconds.
import type { Pod, PodCondition } from 'kubernetes-types/core/v1.d.ts';

/** Not finished and not being deleted: what counts toward a ReplicaSet's replicas. */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata?.deletionTimestamp;
}

export function podReadyCondition(pod: Pod): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
}

export function isPodReady(pod: Pod): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

/** When the pod became ready (ms), or undefined when it is not ready or never said. */
export function podReadySince(pod: Pod): number | undefined {
  const c = podReadyCondition(pod);
  if (c?.status !== 'True' || !c.lastTransitionTime) return undefined;
  const t = Date.parse(c.lastTransitionTime);
  return Number.isNaN(t) ? undefined : t;
}

/**
 * How long until a pod counts as available: 0 when it is now, undefined when it never will be
 * without a change (not ready, or ready without a transition time while minReadySeconds > 0).
 * Upstream's test is strict: readySince + minReadySeconds must be before now.
 */
export function availableInMs(pod: Pod, minReadySeconds: number, now: number): number | undefined {
  if (!isPodReady(pod)) return undefined;
  if (minReadySeconds <= 0) return 0;
  const since = podReadySince(pod);
  if (since === undefined) return undefined;
  const remaining = since + minReadySeconds * 1000 - now;
  return remaining < 0 ? 0 : remaining + 1;
}

export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  return availableInMs(pod, minReadySeconds, now) === 0;
}

/** metav1.Time: RFC 3339 to the second. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
