// The controller's queue of keys (client-go util/workqueue): a key is queued at most once however often
// it is added; a key being processed that is added again is handed out again only after done(), so no
// key is ever processed by two workers at once. Retries go through a rate limiter, delays through the
// clock.
import { realClock, type Clock, type TimerHandle } from './clock.ts';
import { defaultControllerRateLimiter, type RateLimiter } from './rate-limit.ts';

export interface WorkQueueOptions {
  clock?: Clock;
  rateLimiter?: RateLimiter;
}

export class WorkQueue {
  readonly #clock: Clock;
  readonly #limiter: RateLimiter;
  readonly #queue: string[] = [];
  readonly #dirty = new Set<string>();
  readonly #processing = new Set<string>();
  readonly #waiting = new Map<string, { at: number; timer: TimerHandle }>();
  readonly #getters: ((key: string | undefined) => void)[] = [];
  #shuttingDown = false;

  constructor(options: WorkQueueOptions = {}) {
    this.#clock = options.clock ?? realClock;
    this.#limiter = options.rateLimiter ?? defaultControllerRateLimiter(this.#clock);
  }

  add(key: string): void {
    if (this.#shuttingDown || this.#dirty.has(key)) return;
    this.#dirty.add(key);
    if (this.#processing.has(key)) return;
    const getter = this.#getters.shift();
    if (getter) this.#handOut(key, getter);
    else this.#queue.push(key);
  }

  /**
   * The next key, waiting for one if needed; undefined once the queue is shut down and empty.
   * Call done(key) when finished with it.
   */
  get(): Promise<string | undefined> {
    const key = this.#queue.shift();
    if (key !== undefined) {
      this.#processing.add(key);
      this.#dirty.delete(key);
      return Promise.resolve(key);
    }
    if (this.#shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.#getters.push(resolve));
  }

  done(key: string): void {
    this.#processing.delete(key);
    if (!this.#dirty.has(key)) return;
    const getter = this.#getters.shift();
    if (getter) this.#handOut(key, getter);
    else this.#queue.push(key);
  }

  /** Adds the key after `ms`; of several pending delays for one key the earliest wins. */
  addAfter(key: string, ms: number): void {
    if (this.#shuttingDown) return;
    if (ms <= 0) return this.add(key);
    const at = this.#clock.now() + ms;
    const pending = this.#waiting.get(key);
    if (pending && pending.at <= at) return;
    if (pending) this.#clock.clearTimeout(pending.timer);
    const timer = this.#clock.setTimeout(() => {
      this.#waiting.delete(key);
      this.add(key);
    }, ms);
    this.#waiting.set(key, { at, timer });
  }

  /** Re-adds the key after its back-off (per-key exponential, capped by the overall rate). */
  addRateLimited(key: string): void {
    this.addAfter(key, this.#limiter.when(key));
  }

  /** The key succeeded: its next failure starts the back-off afresh. */
  forget(key: string): void {
    this.#limiter.forget(key);
  }

  numRequeues(key: string): number {
    return this.#limiter.numRequeues(key);
  }

  /** Keys ready to be handed out (not those being processed or delayed). */
  len(): number {
    return this.#queue.length;
  }

  /** Stops accepting keys and drops delayed ones; get() drains what is queued, then answers undefined. */
  shutDown(): void {
    this.#shuttingDown = true;
    for (const { timer } of this.#waiting.values()) this.#clock.clearTimeout(timer);
    this.#waiting.clear();
    for (const getter of this.#getters.splice(0)) getter(undefined);
  }

  get shuttingDown(): boolean {
    return this.#shuttingDown;
  }

  #handOut(key: string, getter: (key: string) => void): void {
    this.#processing.add(key);
    this.#dirty.delete(key);
    getter(key);
  }
}
