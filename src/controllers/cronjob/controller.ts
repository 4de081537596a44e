// The CronJob controller (upstream pkg/controller/cronjob, v2): keeps status.active in step with the
// CronJob's Jobs, deletes finished Jobs past the history limits, and at each scheduled time (in
// spec.timeZone) creates the Job `<name>-<minutes since epoch>` unless suspended, too late for
// startingDeadlineSeconds, already done, or held back by concurrencyPolicy. Time comes from the
// context's clock, so tests move minutes without waiting; the reconcile asks to be woken at the next
// scheduled time.
import type { CronJob, CronJobStatus, Job } from 'kubernetes-types/batch/v1.d.ts';
import type { ObjectReference } from 'kubernetes-types/core/v1.d.ts';
import { isDeepStrictEqual } from 'node:util';
import { ControllerRunner, isAlreadyExists, isNotFound, type Clock, type Controller, type EventRecorder, type Informer, type ReconcileResult, type ResourceClient } from '../../client/index.ts';
import type { ControllerContext } from '../types.ts';
import { finishedAs, jobForSchedule, jobsToCleanUp } from './history.ts';
import { isValidTimeZone, jobNameFor, localTimeZone, mostRecentScheduleTime, parseSchedule, type Schedule } from './schedule.ts';

/** Upstream wakes 100 ms after the scheduled time, so the schedule is surely due. */
const NEXT_SCHEDULE_DELTA_MS = 100;
/** Timers cannot wait longer than ~24 days; a far-off schedule is simply looked at again. */
const MAX_REQUEUE_MS = 60 * 60_000;

export interface CronJobControllerOptions {
  workers?: number;
  /** The zone for schedules without spec.timeZone (upstream: the controller manager's local zone). */
  defaultTimeZone?: string;
}

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function ownerCronJobKey(job: Job): string | undefined {
  const ref = job.metadata?.ownerReferences?.find((r) => r.controller && r.kind === 'CronJob');
  return ref ? `${job.metadata?.namespace}/${ref.name}` : undefined;
}

export class CronJobController implements Controller {
  readonly name = 'cronjob';
  readonly #runner: ControllerRunner;
  readonly #cronJobs: Informer<CronJob>;
  readonly #jobs: Informer<Job>;
  readonly #cronJobClient: ResourceClient<CronJob>;
  readonly #jobClient: ResourceClient<Job>;
  readonly #recorder: EventRecorder;
  readonly #clock: Clock;
  readonly #defaultTimeZone: string;

  constructor(ctx: ControllerContext, options: CronJobControllerOptions = {}) {
    this.#clock = ctx.clock;
    this.#recorder = ctx.recorder;
    this.#defaultTimeZone = options.defaultTimeZone ?? localTimeZone();
    this.#cronJobClient = ctx.client.forKind<CronJob>('batch', 'v1', 'CronJob');
    this.#jobClient = ctx.client.forKind<Job>('batch', 'v1', 'Job');
    this.#cronJobs = ctx.informers.informerForKind<CronJob>('batch', 'v1', 'CronJob');
    this.#jobs = ctx.informers.informerForKind<Job>('batch', 'v1', 'Job');
    this.#runner = new ControllerRunner({ name: this.name, workers: options.workers ?? 5, waitFor: [ctx.informers], clock: ctx.clock, logger: ctx.logger, reconcile: (key) => this.reconcile(key) });
    this.#cronJobs.addEventHandler(this.#runner.handlers());
    const onJob = (job: Job) => {
      const key = ownerCronJobKey(job);
      if (key) this.#runner.queue.add(key);
    };
    this.#jobs.addEventHandler({ onAdd: onJob, onUpdate: (_o, j) => onJob(j), onDelete: onJob });
  }

  run(signal: AbortSignal): Promise<void> {
    return this.#runner.run(signal);
  }

  async reconcile(key: string): Promise<ReconcileResult> {
    const cached = this.#cronJobs.store.get(key);
    if (!cached) return;
    const cj = structuredClone(cached) as CronJob;
    cj.status ??= {};
    const before = structuredClone(cj.status);
    const jobs = this.#jobs.store.byOwner(cj.metadata?.uid ?? '').filter((j) => ownerCronJobKey(j) === key);
    await this.#syncActive(cj, jobs);
    let requeueAfter: number | undefined;
    try {
      requeueAfter = await this.#schedule(cj);
    } finally {
      await this.#cleanUp(cj, jobs);
      if (!isDeepStrictEqual(before, cj.status)) await this.#cronJobClient.updateStatus(cj);
    }
    return requeueAfter === undefined ? undefined : { requeueAfter: Math.min(requeueAfter, MAX_REQUEUE_MS) };
  }

  /** Drops finished and vanished Jobs from status.active and records the latest success. */
  async #syncActive(cj: CronJob, jobs: Job[]): Promise<void> {
    const status = cj.status!;
    for (const job of jobs) {
      const finished = finishedAs(job);
      if (finished && status.active?.some((r) => r.uid === job.metadata?.uid)) {
        status.active = status.active.filter((r) => r.uid !== job.metadata?.uid);
        void this.#recorder.event(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${job.metadata?.name}, condition: ${finished}`);
      }
      const completed = job.status?.completionTime;
      if (finished === 'Complete' && completed && (!status.lastSuccessfulTime || Date.parse(completed) > Date.parse(status.lastSuccessfulTime))) status.lastSuccessfulTime = completed;
    }
    const known = new Set(jobs.map((j) => j.metadata?.uid));
    for (const ref of [...(status.active ?? [])]) {
      if (known.has(ref.uid)) continue;
      // The cache may simply not have the Job yet: only the server can say it is gone.
      const live = await this.#jobClient.inNamespace(cj.metadata!.namespace!).get(ref.name!).catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err)));
      if (live && live.metadata?.uid === ref.uid) continue;
      status.active = status.active!.filter((r) => r.uid !== ref.uid);
      void this.#recorder.event(cj, 'Normal', 'MissingJob', `Active job went missing: ${ref.name}`);
    }
    if (status.active?.length === 0) delete status.active;
  }

  /** Starts the Job due now, if any; answers how long until the next scheduled time. */
  async #schedule(cj: CronJob): Promise<number | undefined> {
    const spec = cj.spec!;
    if (cj.metadata?.deletionTimestamp) return undefined;
    if (spec.timeZone && !isValidTimeZone(spec.timeZone)) {
      void this.#recorder.event(cj, 'Warning', 'UnknownTimeZone', `invalid timeZone: "${spec.timeZone}": unknown time zone ${spec.timeZone}`);
      return undefined;
    }
    if (spec.suspend) return undefined;
    let schedule: Schedule;
    try {
      schedule = parseSchedule(spec.schedule, spec.timeZone || this.#defaultTimeZone);
    } catch (err) {
      void this.#recorder.event(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: "${spec.schedule}" : ${(err as Error).message}`);
      return undefined;
    }
    const now = this.#clock.now();
    const times = { creationTimestamp: cj.metadata?.creationTimestamp, lastScheduleTime: cj.status?.lastScheduleTime, startingDeadlineSeconds: spec.startingDeadlineSeconds };
    const untilNext = () => {
      const { earliest, mostRecent } = mostRecentScheduleTime({ ...times, lastScheduleTime: cj.status?.lastScheduleTime }, now, schedule, false);
      return Math.max(0, schedule.next(mostRecent ?? earliest) - now) + NEXT_SCHEDULE_DELTA_MS;
    };
    const { mostRecent: scheduled, missed } = mostRecentScheduleTime(times, now, schedule, true);
    if (scheduled === undefined) return untilNext();
    if (missed > 100) {
      void this.#recorder.event(cj, 'Warning', 'TooManyMissedTimes', `too many missed start times: ${missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`);
    }
    if (spec.startingDeadlineSeconds != null && scheduled + spec.startingDeadlineSeconds * 1000 < now) {
      void this.#recorder.event(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${new Date(scheduled).toUTCString()}`);
      return untilNext();
    }
    const name = jobNameFor(cj.metadata!.name!, scheduled);
    if (cj.status!.active?.some((r) => r.name === name) || cj.status!.lastScheduleTime === rfc3339(scheduled)) return untilNext();
    if (spec.concurrencyPolicy === 'Forbid' && (cj.status!.active?.length ?? 0) > 0) {
      void this.#recorder.event(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      return untilNext();
    }
    if (spec.concurrencyPolicy === 'Replace') await this.#replaceActive(cj);
    await this.#start(cj, scheduled);
    return untilNext();
  }

  async #replaceActive(cj: CronJob): Promise<void> {
    const jobs = this.#jobClient.inNamespace(cj.metadata!.namespace!);
    for (const ref of cj.status!.active ?? []) {
      try {
        await jobs.delete(ref.name!, { propagationPolicy: 'Background', preconditions: { uid: ref.uid! } });
        void this.#recorder.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${ref.name}`);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    delete cj.status!.active;
  }

  async #start(cj: CronJob, scheduled: number): Promise<void> {
    const jobs = this.#jobClient.inNamespace(cj.metadata!.namespace!);
    const request = jobForSchedule(cj, scheduled);
    let job: Job;
    try {
      job = await jobs.create(request);
      void this.#recorder.event(cj, 'Normal', 'SuccessfulCreate', `Created job ${job.metadata?.name}`);
    } catch (err) {
      if (!isAlreadyExists(err)) {
        void this.#recorder.event(cj, 'Warning', 'FailedCreate', `Error creating job: ${(err as Error).message}`);
        throw err;
      }
      // Created by an earlier sync whose status write was lost: adopt it into the status.
      job = await jobs.get(request.metadata!.name!);
      if (ownerCronJobKey(job) !== `${cj.metadata?.namespace}/${cj.metadata?.name}` || job.metadata?.ownerReferences?.[0]?.uid !== cj.metadata?.uid) return;
    }
    if (!finishedAs(job) && !cj.status!.active?.some((r) => r.uid === job.metadata?.uid)) cj.status!.active = [...(cj.status!.active ?? []), referenceTo(job)];
    cj.status!.lastScheduleTime = rfc3339(scheduled);
  }

  async #cleanUp(cj: CronJob, jobs: Job[]): Promise<void> {
    const client = this.#jobClient.inNamespace(cj.metadata!.namespace!);
    for (const job of jobsToCleanUp(cj, jobs)) {
      try {
        await client.delete(job.metadata!.name!, { propagationPolicy: 'Background' });
        void this.#recorder.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata!.name}`);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      const status: CronJobStatus = cj.status!;
      if (status.active) status.active = status.active.filter((r) => r.uid !== job.metadata?.uid);
    }
  }
}

function referenceTo(job: Job): ObjectReference {
  return { apiVersion: 'batch/v1', kind: 'Job', namespace: job.metadata?.namespace, name: job.metadata?.name, uid: job.metadata?.uid, resourceVersion: job.metadata?.resourceVersion };
}

export function newCronJobController(ctx: ControllerContext): Controller {
  return new CronJobController(ctx);
}
