// The TTL-after-finished controller (upstream pkg/controller/ttlafterfinished): deletes a Job
// ttlSecondsAfterFinished after its Complete or Failed condition, in the foreground so its pods go
// first. It checks a fresh copy before deleting, since a user may have changed the TTL meanwhile.
import type { Job } from 'kubernetes-types/batch/v1.d.ts';
import { ControllerRunner, isNotFound, splitKey, type Clock, type Controller, type Informer, type ReconcileResult, type ResourceClient } from '../../client/index.ts';
import type { Logger } from '../../log/logger.ts';
import type { ControllerContext } from '../types.ts';

/** Milliseconds until the Job may be deleted (0: now), or undefined when it is not due for deletion. */
export function timeLeft(job: Job, now: number): number | undefined {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  if (ttl == null || job.metadata?.deletionTimestamp) return undefined;
  const finished = job.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  if (!finished?.lastTransitionTime) return undefined;
  return Math.max(0, Date.parse(finished.lastTransitionTime) + ttl * 1000 - now);
}

export class TtlAfterFinishedController implements Controller {
  readonly name = 'ttl-after-finished';
  readonly #runner: ControllerRunner;
  readonly #jobs: Informer<Job>;
  readonly #client: ResourceClient<Job>;
  readonly #clock: Clock;
  readonly #log: Logger;

  constructor(ctx: ControllerContext) {
    this.#clock = ctx.clock;
    this.#log = ctx.logger.with({ controller: this.name });
    this.#client = ctx.client.forKind<Job>('batch', 'v1', 'Job');
    this.#jobs = ctx.informers.informerForKind<Job>('batch', 'v1', 'Job');
    this.#runner = new ControllerRunner({ name: this.name, workers: 5, waitFor: [ctx.informers], clock: ctx.clock, logger: ctx.logger, reconcile: (key) => this.reconcile(key) });
    this.#jobs.addEventHandler({
      onAdd: (j) => this.#maybeEnqueue(j),
      onUpdate: (_o, j) => this.#maybeEnqueue(j),
    });
  }

  run(signal: AbortSignal): Promise<void> {
    return this.#runner.run(signal);
  }

  async reconcile(key: string): Promise<ReconcileResult> {
    const cached = this.#jobs.store.get(key);
    if (!cached || timeLeft(cached, this.#clock.now()) === undefined) return;
    const left = timeLeft(cached, this.#clock.now())!;
    if (left > 0) return { requeueAfter: left };
    const { namespace, name } = splitKey(key);
    const jobs = this.#client.inNamespace(namespace!);
    try {
      const fresh = await jobs.get(name);
      const freshLeft = timeLeft(fresh, this.#clock.now());
      if (freshLeft === undefined) return;
      if (freshLeft > 0) return { requeueAfter: freshLeft };
      this.#log.info('deleting finished Job whose TTL expired', { job: key });
      await jobs.delete(name, { propagationPolicy: 'Foreground', preconditions: { uid: fresh.metadata!.uid! } });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  #maybeEnqueue(job: Job): void {
    if (timeLeft(job, this.#clock.now()) !== undefined) this.#runner.enqueue(job);
  }
}

export function newTtlAfterFinishedController(ctx: ControllerContext): Controller {
  return new TtlAfterFinishedController(ctx);
}
