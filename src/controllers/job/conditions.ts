// Job conditions and the pod states the Job controller reasons about (upstream job_controller.go
// ensureJobConditionStatus, IsPodActive, isPodFailed, pastActiveDeadline, pastBackoffLimitOnFailure).
import type { Job, JobCondition } from 'kubernetes-types/batch/v1.d.ts';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { JOB_TRACKING_FINALIZER } from './labels.ts';

/** metav1.Time: RFC 3339 at second precision. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function hasCondition(job: Job, type: string): JobCondition | undefined {
  return job.status?.conditions?.find((c) => c.type === type && c.status === 'True');
}

/** Complete or Failed: nothing more happens to the Job's pods but finalizer cleanup. */
export function isJobFinished(job: Job): boolean {
  return !!(hasCondition(job, 'Complete') || hasCondition(job, 'Failed'));
}

/**
 * Sets a condition's status; an unchanged status keeps its transition time (only reason and message
 * follow), and a False condition that never existed is not added.
 */
export function setCondition(conditions: JobCondition[], type: string, status: 'True' | 'False', reason: string, message: string, now: number): JobCondition[] {
  const i = conditions.findIndex((c) => c.type === type);
  const existing = conditions[i];
  if (existing && existing.status === status) {
    if (existing.reason === reason && existing.message === message) return conditions;
    return conditions.map((c, j) => (j === i ? { ...c, reason, message, lastProbeTime: rfc3339(now) } : c));
  }
  const fresh: JobCondition = { type, status, reason, message, lastProbeTime: rfc3339(now), lastTransitionTime: rfc3339(now) };
  if (existing) return conditions.map((c, j) => (j === i ? fresh : c));
  return status === 'True' ? [...conditions, fresh] : conditions;
}

export function hasTrackingFinalizer(pod: Pod): boolean {
  return pod.metadata?.finalizers?.includes(JOB_TRACKING_FINALIZER) ?? false;
}

export function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** Running or about to: not terminal and not being deleted. */
export function isActive(pod: Pod): boolean {
  return !isTerminal(pod) && !pod.metadata?.deletionTimestamp;
}

export function isTerminating(pod: Pod): boolean {
  return !isTerminal(pod) && !!pod.metadata?.deletionTimestamp;
}

export function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** With podFailurePolicy or podReplacementPolicy Failed, only a Failed phase counts; otherwise a deleted unfinished pod failed too. */
export function onlyReplaceFailedPods(job: Job): boolean {
  return job.spec?.podReplacementPolicy === 'Failed' || !!job.spec?.podFailurePolicy;
}

export function isPodFailed(job: Job, pod: Pod): boolean {
  if (pod.status?.phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return !!pod.metadata?.deletionTimestamp && pod.status?.phase !== 'Succeeded';
}

export function pastActiveDeadline(job: Job, now: number): boolean {
  return remainingActiveTime(job, now) === 0;
}

/** Milliseconds until activeDeadlineSeconds runs out (0 when past), undefined when no deadline applies. */
export function remainingActiveTime(job: Job, now: number): number | undefined {
  const seconds = job.spec?.activeDeadlineSeconds;
  const start = job.status?.startTime;
  if (seconds == null || !start || job.spec?.suspend) return undefined;
  return Math.max(0, Date.parse(start) + seconds * 1000 - now);
}

/** restartPolicy OnFailure: container restarts of running/pending pods count toward backoffLimit. */
export function pastBackoffLimitOnFailure(job: Job, pods: Pod[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const pod of pods) {
    if (pod.status?.phase !== 'Running' && pod.status?.phase !== 'Pending') continue;
    for (const cs of [...(pod.status.initContainerStatuses ?? []), ...(pod.status.containerStatuses ?? [])]) restarts += cs.restartCount ?? 0;
  }
  const limit = job.spec.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}
