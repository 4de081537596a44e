// One Job sync as a pure function: from the Job and its pods (as the cache shows them) decide the
// status to record, the pods to create and delete, and the finalizers to remove. The controller then
// carries it out in upstream's order: record newly finished pods in status.uncountedTerminatedPods,
// remove their finalizers, and only then move them into succeeded/failed (see flushUncounted), so a
// pod is counted exactly once even across crashes (KEP-2307).
import type { Job, JobStatus } from 'kubernetes-types/batch/v1.d.ts';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { podFinishTime, remainingBackoff, updateBackoff, type BackoffRecord, type FinishedPod } from './backoff.ts';
import {
  hasCondition, hasTrackingFinalizer, isActive, isPodFailed, isReady, isTerminating, onlyReplaceFailedPods,
  pastBackoffLimitOnFailure, rfc3339, remainingActiveTime, setCondition,
} from './conditions.ts';
import { completionIndexOf, formatIndexes, parseIndexes } from './indexes.ts';
import { matchPodFailurePolicy } from './pod-failure-policy.ts';

/** Upstream's MaxPodCreateDeletePerSync. */
export const MAX_POD_CHANGES_PER_SYNC = 500;

export interface JobSyncInput {
  job: Job;
  /** The pods this Job controls. */
  pods: Pod[];
  now: number;
  backoff: BackoffRecord;
  /** UIDs of pods whose finalizer this controller already removed (the cache may not show it yet). */
  removing: ReadonlySet<string>;
  /** False while earlier creates/deletes are not yet seen in the cache; then pods are left alone. */
  canManagePods: boolean;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

export interface Finish {
  type: 'Complete' | 'Failed';
  reason: string;
  message: string;
}

export interface JobEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export interface JobSyncPlan {
  status: JobStatus;
  backoff: BackoffRecord;
  /** One entry per pod to create: its completion index (Indexed) or undefined. */
  create: (number | undefined)[];
  delete: Pod[];
  removeFinalizer: Pod[];
  /** Set once success or failure is decided; the final condition waits for every pod to be counted and gone. */
  finish?: Finish;
  events: JobEvent[];
  requeueAfter?: number;
}

export function planJobSync(input: JobSyncInput): JobSyncPlan {
  const { job, pods, now } = input;
  const spec = job.spec ?? { template: {} };
  const status: JobStatus = structuredClone(job.status ?? {});
  const events: JobEvent[] = [];
  const indexed = spec.completionMode === 'Indexed';
  const completions = spec.completions ?? undefined;

  // Newly finished pods go into uncountedTerminatedPods; their finalizers come off afterwards.
  const uncountedSucceeded = new Set(status.uncountedTerminatedPods?.succeeded ?? []);
  const uncountedFailed = new Set(status.uncountedTerminatedPods?.failed ?? []);
  const succeededIndexes = indexed ? parseIndexes(status.completedIndexes, completions ?? 0) : new Set<number>();
  const removeFinalizer: Pod[] = [];
  const finished: FinishedPod[] = [];
  let failJobMessage: string | undefined;
  for (const pod of newlyFinished(job, pods, input.removing, uncountedSucceeded, uncountedFailed, now)) {
    const uid = pod.metadata!.uid!;
    removeFinalizer.push(pod);
    if (pod.status?.phase === 'Succeeded') {
      finished.push({ succeeded: true, finishedAt: podFinishTime(pod, now) });
      if (!indexed) uncountedSucceeded.add(uid);
      else {
        const ix = completionIndexOf(pod);
        // A second success for an index (or a pod without a valid one) is not counted again.
        if (ix !== undefined && ix < (completions ?? 0) && !succeededIndexes.has(ix)) {
          succeededIndexes.add(ix);
          uncountedSucceeded.add(uid);
        }
      }
      continue;
    }
    finished.push({ succeeded: false, finishedAt: podFinishTime(pod, now) });
    const verdict = matchPodFailurePolicy(spec.podFailurePolicy, pod);
    if (verdict.action === 'Ignore') continue;
    uncountedFailed.add(uid);
    if (verdict.action === 'FailJob') failJobMessage ??= verdict.message;
  }
  // Pods recorded by an earlier sync whose finalizer removal did not happen yet.
  for (const pod of pods) {
    const uid = pod.metadata?.uid ?? '';
    if (hasTrackingFinalizer(pod) && !input.removing.has(uid) && (job.status?.uncountedTerminatedPods?.succeeded?.includes(uid) || job.status?.uncountedTerminatedPods?.failed?.includes(uid))) {
      removeFinalizer.push(pod);
    }
  }
  status.uncountedTerminatedPods = { ...(uncountedSucceeded.size ? { succeeded: [...uncountedSucceeded] } : {}), ...(uncountedFailed.size ? { failed: [...uncountedFailed] } : {}) };
  if (indexed) status.completedIndexes = formatIndexes(succeededIndexes);
  const backoff = updateBackoff(input.backoff, finished);

  const succeeded = indexed ? succeededIndexes.size : (status.succeeded ?? 0) + uncountedSucceeded.size;
  const failed = (status.failed ?? 0) + uncountedFailed.size;
  const active = pods.filter(isActive);
  const terminating = pods.filter(isTerminating);
  let conditions = status.conditions ?? [];
  let requeueAfter: number | undefined;
  let create: (number | undefined)[] = [];
  let toDelete: Pod[] = [];

  if (!spec.suspend && !status.startTime) status.startTime = rfc3339(now);
  let finish = decidedFinish(job) ?? failureFor(job, pods, failed, failJobMessage, now);
  if (finish) {
    toDelete = active;
  } else if (spec.suspend) {
    toDelete = active;
    const next = setCondition(conditions, 'Suspended', 'True', 'JobSuspended', 'Job suspended', now);
    if (next !== conditions) events.push({ type: 'Normal', reason: 'Suspended', message: 'Job suspended' });
    conditions = next;
  } else {
    if (hasCondition(job, 'Suspended')) {
      conditions = setCondition(conditions, 'Suspended', 'False', 'JobResumed', 'Job resumed', now);
      events.push({ type: 'Normal', reason: 'Resumed', message: 'Job resumed' });
      // Resuming restarts the activeDeadlineSeconds clock.
      status.startTime = rfc3339(now);
    }
    const changes = indexed ? manageIndexed(job, active, terminating, succeededIndexes) : manageNonIndexed(job, active, terminating, succeeded);
    ({ create, delete: toDelete } = changes);
    const activeAfter = active.length + create.length - toDelete.length;
    const complete = completions == null ? succeeded > 0 && activeAfter === 0 : succeeded >= completions && activeAfter === 0;
    if (complete) finish = { type: 'Complete', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' };
    const wait = remainingBackoff(backoff, now, input.backoffBaseMs, input.backoffMaxMs);
    if (create.length > 0 && wait > 0) {
      create = [];
      requeueAfter = wait;
    }
    const deadline = remainingActiveTime({ ...job, status }, now);
    if (deadline !== undefined) requeueAfter = Math.min(requeueAfter ?? deadline, deadline);
  }
  if (!input.canManagePods) {
    create = [];
    toDelete = [];
  }
  if (finish) conditions = setCondition(conditions, finish.type === 'Failed' ? 'FailureTarget' : 'SuccessCriteriaMet', 'True', finish.reason, finish.message, now);
  status.conditions = conditions;
  if (status.conditions.length === 0) delete status.conditions;
  status.active = active.length + create.length - toDelete.length;
  status.ready = active.filter((p) => isReady(p) && !toDelete.includes(p)).length;
  status.terminating = terminating.length + toDelete.length;
  status.succeeded = status.succeeded ?? 0;
  status.failed = status.failed ?? 0;
  return { status, backoff, create, delete: toDelete, removeFinalizer, finish, events, ...(requeueAfter !== undefined ? { requeueAfter } : {}) };
}

/** Terminated pods still holding the finalizer that no earlier sync recorded, oldest finish first. */
function newlyFinished(job: Job, pods: Pod[], removing: ReadonlySet<string>, succeeded: Set<string>, failed: Set<string>, now: number): Pod[] {
  return pods
    .filter((p) => {
      const uid = p.metadata?.uid ?? '';
      if (!hasTrackingFinalizer(p) || removing.has(uid) || succeeded.has(uid) || failed.has(uid)) return false;
      return p.status?.phase === 'Succeeded' || isPodFailed(job, p);
    })
    .sort((a, b) => podFinishTime(a, now) - podFinishTime(b, now));
}

/** A success or failure an earlier sync decided (SuccessCriteriaMet / FailureTarget). */
function decidedFinish(job: Job): Finish | undefined {
  const target = hasCondition(job, 'FailureTarget');
  if (target) return { type: 'Failed', reason: target.reason ?? '', message: target.message ?? '' };
  const met = hasCondition(job, 'SuccessCriteriaMet');
  if (met) return { type: 'Complete', reason: met.reason ?? '', message: met.message ?? '' };
  return undefined;
}

function failureFor(job: Job, pods: Pod[], failed: number, failJobMessage: string | undefined, now: number): Finish | undefined {
  if (failJobMessage) return { type: 'Failed', reason: 'PodFailurePolicy', message: failJobMessage };
  if (failed > (job.spec?.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, pods)) {
    return { type: 'Failed', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
  }
  if (remainingActiveTime(job, now) === 0) return { type: 'Failed', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
  return undefined;
}

interface PodChanges {
  create: (number | undefined)[];
  delete: Pod[];
}

function manageNonIndexed(job: Job, active: Pod[], terminating: Pod[], succeeded: number): PodChanges {
  const parallelism = job.spec?.parallelism ?? 1;
  const completions = job.spec?.completions;
  // A work-queue Job (no completions) starts no new pods once one succeeded.
  const want = completions == null ? (succeeded > 0 ? active.length : parallelism) : Math.max(0, Math.min(parallelism, completions - succeeded));
  if (active.length > want) return { create: [], delete: rankForDeletion(active).slice(0, Math.min(active.length - want, MAX_POD_CHANGES_PER_SYNC)) };
  const occupied = active.length + (onlyReplaceFailedPods(job) ? terminating.length : 0);
  const missing = Math.min(Math.max(0, want - occupied), MAX_POD_CHANGES_PER_SYNC);
  return { create: Array.from({ length: missing }, () => undefined), delete: [] };
}

function manageIndexed(job: Job, active: Pod[], terminating: Pod[], succeededIndexes: Set<number>): PodChanges {
  const parallelism = job.spec?.parallelism ?? 1;
  const completions = job.spec?.completions ?? 0;
  const want = Math.max(0, Math.min(parallelism, completions - succeededIndexes.size));
  // Pods without a valid index, for an index already done, or duplicating another active pod's index go.
  const toDelete: Pod[] = [];
  const kept = new Map<number, Pod>();
  for (const pod of rankForDeletion(active).reverse()) {
    const ix = completionIndexOf(pod);
    if (ix === undefined || ix >= completions || succeededIndexes.has(ix) || kept.has(ix)) toDelete.push(pod);
    else kept.set(ix, pod);
  }
  const remaining = rankForDeletion([...kept.values()]);
  if (remaining.length > want) toDelete.push(...remaining.slice(0, remaining.length - want));
  const activeAfter = Math.min(remaining.length, want);
  const busy = new Set([...kept.keys()]);
  if (onlyReplaceFailedPods(job)) for (const pod of terminating) busy.add(completionIndexOf(pod) ?? -1);
  const room = Math.min(want - activeAfter - (onlyReplaceFailedPods(job) ? terminating.length : 0), MAX_POD_CHANGES_PER_SYNC);
  const create: number[] = [];
  for (let ix = 0; ix < completions && create.length < room; ix++) if (!succeededIndexes.has(ix) && !busy.has(ix)) create.push(ix);
  return { create, delete: toDelete.slice(0, MAX_POD_CHANGES_PER_SYNC) };
}

/** Pods cheapest to lose first, as upstream's ActivePods order: unscheduled, pending, not ready, newest. */
export function rankForDeletion(pods: Pod[]): Pod[] {
  const phaseRank: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
  const key = (p: Pod) => [p.spec?.nodeName ? 1 : 0, phaseRank[p.status?.phase ?? 'Pending'] ?? 0, isReady(p) ? 1 : 0];
  return [...pods].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!;
    return Date.parse(b.metadata?.creationTimestamp ?? '') - Date.parse(a.metadata?.creationTimestamp ?? '') || 0;
  });
}

/**
 * After finalizers came off: move the uncounted pods that no longer hold one into succeeded/failed,
 * and once nothing is uncounted and no pod is left running or terminating, turn the decided finish
 * into the final Complete/Failed condition.
 */
export function flushUncounted(status: JobStatus, countable: (uid: string) => boolean, finish: Finish | undefined, podsLeft: number, now: number): { status: JobStatus; finished?: Finish } {
  const next = structuredClone(status);
  const succeeded = next.uncountedTerminatedPods?.succeeded ?? [];
  const failed = next.uncountedTerminatedPods?.failed ?? [];
  next.succeeded = (next.succeeded ?? 0) + succeeded.filter(countable).length;
  next.failed = (next.failed ?? 0) + failed.filter(countable).length;
  const leftSucceeded = succeeded.filter((u) => !countable(u));
  const leftFailed = failed.filter((u) => !countable(u));
  next.uncountedTerminatedPods = { ...(leftSucceeded.length ? { succeeded: leftSucceeded } : {}), ...(leftFailed.length ? { failed: leftFailed } : {}) };
  if (!finish || leftSucceeded.length || leftFailed.length || podsLeft > 0) return { status: next };
  next.conditions = setCondition(next.conditions ?? [], finish.type, 'True', finish.reason, finish.message, now);
  if (finish.type === 'Complete') next.completionTime = rfc3339(now);
  return { status: next, finished: finish };
}
