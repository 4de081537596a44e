// Pod-failure back-off: after failures the controller waits 10 s, doubling per consecutive failure
// (capped) since the last one, before it creates replacement pods; a success resets it (upstream
// pkg/controller/job/backoff_utils.go). Kept in memory per Job, from pods seen finishing.
import type { Pod } from 'kubernetes-types/core/v1.d.ts';

export const DEFAULT_POD_FAILURE_BACKOFF_MS = 10_000;
/** Upstream's MaxJobPodFailureBackOff (10 minutes since 1.28; it was 6 minutes before). */
export const MAX_POD_FAILURE_BACKOFF_MS = 600_000;

export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  /** Epoch ms of the most recent failure counted. */
  lastFailureTime?: number;
}

export const emptyBackoff: BackoffRecord = { failuresAfterLastSuccess: 0 };

export interface FinishedPod {
  succeeded: boolean;
  finishedAt: number;
}

/** The record after these pods were seen finishing (any order). */
export function updateBackoff(record: BackoffRecord, finished: FinishedPod[]): BackoffRecord {
  const byTime = [...finished].sort((a, b) => a.finishedAt - b.finishedAt);
  const failed = byTime.filter((p) => !p.succeeded);
  const lastSuccess = byTime.filter((p) => p.succeeded).at(-1);
  if (!lastSuccess) {
    if (failed.length === 0) return record;
    return { failuresAfterLastSuccess: record.failuresAfterLastSuccess + failed.length, lastFailureTime: failed.at(-1)!.finishedAt };
  }
  // Only failures after the newest success count.
  const after = failed.filter((p) => p.finishedAt > lastSuccess.finishedAt);
  return after.length === 0 ? { failuresAfterLastSuccess: 0 } : { failuresAfterLastSuccess: after.length, lastFailureTime: after.at(-1)!.finishedAt };
}

/** How long to wait before creating pods; 0 when no back-off applies. */
export function remainingBackoff(record: BackoffRecord, now: number, base = DEFAULT_POD_FAILURE_BACKOFF_MS, max = MAX_POD_FAILURE_BACKOFF_MS): number {
  if (record.failuresAfterLastSuccess === 0 || record.lastFailureTime === undefined) return 0;
  let delay = base;
  for (let i = 1; i < record.failuresAfterLastSuccess && delay < max; i++) delay *= 2;
  delay = Math.min(delay, max);
  return Math.max(0, delay - (now - record.lastFailureTime));
}

/** When a pod finished: its last container's finishedAt, else when it stopped being Ready, else its deletion, else now. */
export function podFinishTime(pod: Pod, now: number): number {
  const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
  const finished = statuses.map((cs) => cs.state?.terminated?.finishedAt).filter((t): t is string => !!t).map((t) => Date.parse(t));
  if (finished.length > 0) return Math.max(...finished);
  const notReady = pod.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'False')?.lastTransitionTime;
  if (notReady) return Date.parse(notReady);
  if (pod.metadata?.deletionTimestamp) return Date.parse(pod.metadata.deletionTimestamp);
  return now;
}
