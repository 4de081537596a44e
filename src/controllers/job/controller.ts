// The Job controller (upstream pkg/controller/job): runs a Job's pods to completion. Each sync plans
// from the caches (plan.ts), creates or deletes pods under expectations, records newly finished pods
// in status.uncountedTerminatedPods, removes their tracking finalizers, then counts them and, once
// every pod is counted and gone, writes the final Complete/Failed condition.
import type { Job, JobStatus } from 'kubernetes-types/batch/v1.d.ts';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { isDeepStrictEqual } from 'node:util';
import { ControllerRunner, isNotFound, objectKey, type Clock, type Controller, type EventRecorder, type Informer, type ReconcileResult, type ResourceClient } from '../../client/index.ts';
import type { Logger } from '../../log/logger.ts';
import type { ControllerContext } from '../types.ts';
import { emptyBackoff, type BackoffRecord } from './backoff.ts';
import { hasTrackingFinalizer, isJobFinished } from './conditions.ts';
import { Expectations } from './expectations.ts';
import { JOB_TRACKING_FINALIZER } from './labels.ts';
import { flushUncounted, planJobSync, type JobSyncPlan } from './plan.ts';
import { podForJob } from './pod-template.ts';

export interface JobControllerOptions {
  workers?: number;
  /** Pod-failure back-off (upstream 10 s doubling, capped at 10 min). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

/** The Job that controls a pod, as "namespace/name". */
function controllerJobKey(pod: Pod): string | undefined {
  const ref = pod.metadata?.ownerReferences?.find((r) => r.controller && r.kind === 'Job' && r.apiVersion.startsWith('batch/'));
  return ref ? `${pod.metadata?.namespace}/${ref.name}` : undefined;
}

export class JobController implements Controller {
  readonly name = 'job';
  readonly #runner: ControllerRunner;
  readonly #jobs: Informer<Job>;
  readonly #pods: Informer<Pod>;
  readonly #jobClient: ResourceClient<Job>;
  readonly #podClient: ResourceClient<Pod>;
  readonly #recorder: EventRecorder;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #options: JobControllerOptions;
  readonly #expectations: Expectations;
  readonly #backoff = new Map<string, BackoffRecord>();
  /** Pod UIDs whose finalizer was removed but whose update the cache has not shown yet. */
  readonly #removing = new Set<string>();
  /** UIDs of Jobs deleted while the controller watched, so their pods' finalizers can come off. */
  readonly #deleted = new Map<string, string>();

  constructor(ctx: ControllerContext, options: JobControllerOptions = {}) {
    this.#options = options;
    this.#clock = ctx.clock;
    this.#recorder = ctx.recorder;
    this.#log = ctx.logger.with({ controller: this.name });
    this.#expectations = new Expectations(ctx.clock);
    this.#jobClient = ctx.client.forKind<Job>('batch', 'v1', 'Job');
    this.#podClient = ctx.client.forKind<Pod>('', 'v1', 'Pod');
    this.#jobs = ctx.informers.informerForKind<Job>('batch', 'v1', 'Job');
    this.#pods = ctx.informers.informerForKind<Pod>('', 'v1', 'Pod');
    this.#runner = new ControllerRunner({
      name: this.name, workers: options.workers ?? 5, waitFor: [ctx.informers], clock: ctx.clock, logger: ctx.logger,
      reconcile: (key) => this.reconcile(key),
    });
    this.#jobs.addEventHandler({
      onAdd: (j) => this.#runner.enqueue(j),
      onUpdate: (_o, j) => this.#runner.enqueue(j),
      onDelete: (j) => {
        if (j.metadata?.uid) this.#deleted.set(objectKey(j), j.metadata.uid);
        this.#runner.enqueue(j);
      },
    });
    this.#pods.addEventHandler({ onAdd: (p) => this.#podAdded(p), onUpdate: (o, p) => this.#podUpdated(o, p), onDelete: (p) => this.#podDeleted(p) });
  }

  run(signal: AbortSignal): Promise<void> {
    return this.#runner.run(signal);
  }

  async reconcile(key: string): Promise<ReconcileResult> {
    const job = this.#jobs.store.get(key);
    if (!job) return this.#forget(key);
    const pods = this.#pods.store.byOwner(job.metadata?.uid ?? '').filter((p) => controllerJobKey(p) === key);
    if (isJobFinished(job)) {
      await this.#removeFinalizers(pods.filter(hasTrackingFinalizer));
      return;
    }
    const uid = job.metadata!.uid!;
    const plan = planJobSync({
      job, pods, now: this.#clock.now(), backoff: this.#backoff.get(uid) ?? emptyBackoff, removing: this.#removing,
      canManagePods: this.#expectations.satisfied(key), backoffBaseMs: this.#options.backoffBaseMs, backoffMaxMs: this.#options.backoffMaxMs,
    });
    this.#backoff.set(uid, plan.backoff);
    const failedCreates = await this.#managePods(key, job, plan);
    let status: JobStatus = { ...plan.status, active: (plan.status.active ?? 0) - failedCreates.count };
    let current = job;
    if (!isDeepStrictEqual(status, job.status ?? {})) current = await this.#writeStatus(job, status);
    await this.#removeFinalizers(plan.removeFinalizer);
    const holding = new Set(pods.filter(hasTrackingFinalizer).map((p) => p.metadata!.uid!));
    const countable = (podUid: string) => !holding.has(podUid) || this.#removing.has(podUid);
    const flushed = flushUncounted(status, countable, plan.finish, (status.active ?? 0) + (status.terminating ?? 0), this.#clock.now());
    if (!isDeepStrictEqual(flushed.status, status)) {
      status = flushed.status;
      current = await this.#writeStatus(current, status);
    }
    for (const e of plan.events) void this.#recorder.event(current, e.type, e.reason, e.message);
    if (flushed.finished?.type === 'Complete') void this.#recorder.event(current, 'Normal', 'Completed', 'Job completed');
    if (flushed.finished?.type === 'Failed') void this.#recorder.event(current, 'Warning', flushed.finished.reason, flushed.finished.message);
    if (failedCreates.error) throw failedCreates.error;
    return plan.requeueAfter !== undefined ? { requeueAfter: plan.requeueAfter } : undefined;
  }

  /** A deleted Job: forget it and free any pods it still holds by the tracking finalizer. */
  async #forget(key: string): Promise<void> {
    this.#expectations.delete(key);
    const uid = this.#deleted.get(key);
    if (!uid) return;
    await this.#removeFinalizers(this.#pods.store.byOwner(uid).filter(hasTrackingFinalizer));
    this.#deleted.delete(key);
    this.#backoff.delete(uid);
  }

  /** Creates in slow-start batches (1, 2, 4 …) so a failing create stops early; deletes all at once. */
  async #managePods(key: string, job: Job, plan: JobSyncPlan): Promise<{ count: number; error?: unknown }> {
    if (plan.create.length === 0 && plan.delete.length === 0) return { count: 0 };
    this.#expectations.expect(key, plan.create.length, plan.delete.length);
    const pods = this.#podClient.inNamespace(job.metadata!.namespace!);
    await Promise.all(plan.delete.map(async (pod) => {
      try {
        await pods.delete(pod.metadata!.name!);
        void this.#recorder.event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata!.name}`);
      } catch (err) {
        this.#expectations.lower(key, 0, 1);
        if (!isNotFound(err)) this.#log.warn('deleting pod failed', { job: key, pod: pod.metadata?.name, err: String(err) });
      }
    }));
    let next = 0;
    for (let batch = 1; next < plan.create.length; batch *= 2) {
      const indexes = plan.create.slice(next, next + batch);
      next += indexes.length;
      const results = await Promise.allSettled(indexes.map((ix) => pods.create(podForJob(job, ix))));
      for (const r of results) {
        if (r.status === 'fulfilled') void this.#recorder.event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${r.value.metadata?.name}`);
        else void this.#recorder.event(job, 'Warning', 'FailedCreate', `Error creating: ${String((r.reason as Error)?.message ?? r.reason)}`);
      }
      const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failure) {
        const skipped = plan.create.length - next;
        const failed = results.filter((r) => r.status === 'rejected').length + skipped;
        this.#expectations.lower(key, failed, 0);
        return { count: failed, error: failure.reason };
      }
    }
    return { count: 0 };
  }

  async #writeStatus(job: Job, status: JobStatus): Promise<Job> {
    return this.#jobClient.updateStatus({ ...job, status } as Job);
  }

  async #removeFinalizers(pods: Pod[]): Promise<void> {
    await Promise.all(pods.map(async (pod) => {
      const uid = pod.metadata!.uid!;
      try {
        await this.#podClient.inNamespace(pod.metadata!.namespace!).patch(pod.metadata!.name!, { metadata: { [`$deleteFromPrimitiveList/finalizers`]: [JOB_TRACKING_FINALIZER] } }, 'strategic');
        this.#removing.add(uid);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        this.#removing.add(uid);
      }
    }));
  }

  #podAdded(pod: Pod): void {
    const key = controllerJobKey(pod);
    if (!key) return;
    if (pod.metadata?.deletionTimestamp) this.#expectations.observeDelete(key);
    else this.#expectations.observeAdd(key);
    this.#runner.queue.add(key);
  }

  #podUpdated(old: Pod, pod: Pod): void {
    if (!hasTrackingFinalizer(pod)) this.#removing.delete(pod.metadata?.uid ?? '');
    const key = controllerJobKey(pod);
    if (!key) return;
    if (pod.metadata?.deletionTimestamp && !old.metadata?.deletionTimestamp) this.#expectations.observeDelete(key);
    // Spec-only changes (e.g. a binding) do not concern the Job; status, deletion and finalizers do.
    if (!isDeepStrictEqual(old.status, pod.status) || hasTrackingFinalizer(old) !== hasTrackingFinalizer(pod) || !!old.metadata?.deletionTimestamp !== !!pod.metadata?.deletionTimestamp) {
      this.#runner.queue.add(key);
    }
  }

  #podDeleted(pod: Pod): void {
    this.#removing.delete(pod.metadata?.uid ?? '');
    const key = controllerJobKey(pod);
    if (!key) return;
    if (!pod.metadata?.deletionTimestamp) this.#expectations.observeDelete(key);
    this.#runner.queue.add(key);
  }
}

export function newJobController(ctx: ControllerContext): Controller {
  return new JobController(ctx);
}
