// The sample-controller shape every kites controller shares: informers feed keys into a work queue;
// N workers take keys and call reconcile(key); failures retry with back-off, successes forget their
// failures. Workers start only once the caches have synced, so reconcile never acts on a partial view.
import { createLogger, type Logger } from '../log/logger.ts';
import { objectKey } from './cache.ts';
import { realClock, type Clock } from './clock.ts';
import type { KubeObject } from './resource.ts';
import type { RateLimiter } from './rate-limit.ts';
import { WorkQueue } from './workqueue.ts';

/** What the process runs: each controller is one of these. */
export interface Controller {
  name: string;
  run(signal: AbortSignal): Promise<void>;
}

/** Returning requeueAfter asks for another look later (e.g. a deadline), without counting a failure. */
export type ReconcileResult = void | { requeueAfter?: number };

export interface ControllerRunnerOptions {
  name: string;
  /** Called with "namespace/name" (or "name"); must be idempotent. `signal` aborts at shutdown. */
  reconcile(key: string, signal: AbortSignal): Promise<ReconcileResult>;
  workers?: number;
  /** What must be synced before workers start, e.g. informers or a SharedInformerFactory. */
  waitFor?: { waitForSync(signal?: AbortSignal): Promise<boolean> }[];
  clock?: Clock;
  logger?: Logger;
  rateLimiter?: RateLimiter;
}

export class ControllerRunner implements Controller {
  readonly name: string;
  readonly queue: WorkQueue;
  readonly #options: ControllerRunnerOptions;
  readonly #log: Logger;
  readonly #clock: Clock;

  constructor(options: ControllerRunnerOptions) {
    this.name = options.name;
    this.#options = options;
    this.#clock = options.clock ?? realClock;
    this.queue = new WorkQueue({ clock: this.#clock, rateLimiter: options.rateLimiter });
    this.#log = (options.logger ?? createLogger()).with({ controller: options.name });
  }

  /** Queues an object's key; handy as an informer handler. */
  enqueue(obj: KubeObject): void {
    this.queue.add(objectKey(obj));
  }

  /** Informer handlers that queue every added, updated or deleted object's key. */
  handlers<T extends KubeObject>(): { onAdd(o: T): void; onUpdate(o: T, n: T): void; onDelete(o: T): void } {
    return { onAdd: (o) => this.enqueue(o), onUpdate: (_o, n) => this.enqueue(n), onDelete: (o) => this.enqueue(o) };
  }

  /** Waits for caches, runs the workers until `signal` aborts, then lets in-flight reconciles finish. */
  async run(signal: AbortSignal): Promise<void> {
    const stop = () => this.queue.shutDown();
    signal.addEventListener('abort', stop, { once: true });
    try {
      for (const source of this.#options.waitFor ?? []) {
        if (!(await source.waitForSync(signal))) return;
      }
      if (signal.aborted) return;
      const workers = this.#options.workers ?? 1;
      this.#log.info('caches synced; starting workers', { workers });
      await Promise.all(Array.from({ length: workers }, () => this.#worker(signal)));
    } finally {
      signal.removeEventListener('abort', stop);
      this.queue.shutDown();
    }
  }

  async #worker(signal: AbortSignal): Promise<void> {
    for (;;) {
      const key = await this.queue.get();
      if (key === undefined) return;
      // Keys queued before shutdown are dropped, not reconciled against a stopping process.
      if (signal.aborted) {
        this.queue.done(key);
        continue;
      }
      const started = this.#clock.now();
      try {
        const result = await this.#options.reconcile(key, signal);
        this.queue.forget(key);
        if (result && result.requeueAfter !== undefined) this.queue.addAfter(key, result.requeueAfter);
      } catch (err) {
        if (!signal.aborted) {
          this.#log.warn('reconcile failed; retrying', { key, error: err instanceof Error ? err.message : String(err), retries: this.queue.numRequeues(key) });
          this.queue.addRateLimited(key);
        }
      } finally {
        this.queue.done(key);
        const ms = this.#clock.now() - started;
        if (ms > 1000) this.#log.info('slow reconcile', { key, durationMs: ms });
      }
    }
  }
}
