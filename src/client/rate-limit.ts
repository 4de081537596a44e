// How long a key waits before it is retried: per-key exponential back-off, an overall token bucket, and
// the larger of the two (client-go's workqueue.DefaultControllerRateLimiter: 5 ms → 1000 s per item,
// 10 qps with a burst of 100 overall).
import type { Clock } from './clock.ts';

export interface RateLimiter {
  /** Milliseconds this key should wait now; counts as one more retry. */
  when(key: string): number;
  /** The key succeeded: forget its failures. */
  forget(key: string): void;
  numRequeues(key: string): number;
}

export class ItemExponentialRateLimiter implements RateLimiter {
  readonly #failures = new Map<string, number>();

  constructor(
    readonly baseMs = 5,
    readonly maxMs = 1_000_000,
  ) {}

  when(key: string): number {
    const n = this.#failures.get(key) ?? 0;
    this.#failures.set(key, n + 1);
    return Math.min(this.maxMs, this.baseMs * 2 ** n);
  }

  forget(key: string): void {
    this.#failures.delete(key);
  }

  numRequeues(key: string): number {
    return this.#failures.get(key) ?? 0;
  }
}

/** Reserves a token per call; the delay is how long until that token exists (golang.org/x/time/rate). */
export class TokenBucketRateLimiter implements RateLimiter {
  #tokens: number;
  #last: number;

  constructor(
    readonly clock: Clock,
    readonly qps = 10,
    readonly burst = 100,
  ) {
    this.#tokens = burst;
    this.#last = clock.now();
  }

  when(): number {
    const now = this.clock.now();
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#last) / 1000) * this.qps);
    this.#last = now;
    this.#tokens -= 1;
    return this.#tokens >= 0 ? 0 : Math.ceil((-this.#tokens / this.qps) * 1000);
  }

  forget(): void {}

  numRequeues(): number {
    return 0;
  }
}

export class MaxOfRateLimiter implements RateLimiter {
  readonly #limiters: RateLimiter[];

  constructor(...limiters: RateLimiter[]) {
    this.#limiters = limiters;
  }

  when(key: string): number {
    return Math.max(0, ...this.#limiters.map((l) => l.when(key)));
  }

  forget(key: string): void {
    for (const l of this.#limiters) l.forget(key);
  }

  numRequeues(key: string): number {
    return Math.max(0, ...this.#limiters.map((l) => l.numRequeues(key)));
  }
}

export function defaultControllerRateLimiter(clock: Clock): RateLimiter {
  return new MaxOfRateLimiter(new ItemExponentialRateLimiter(5, 1_000_000), new TokenBucketRateLimiter(clock, 10, 100));
}
