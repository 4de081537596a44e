// Capped exponential back-off for reconnects (the informer's list/watch retries). Jitter is injectable
// so tests are exact; production spreads clients that failed together.

export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
  /** Returns a number in [0, 1); added as that fraction of the delay. Defaults to no jitter. */
  jitter?: () => number;
}

export class Backoff {
  readonly #initial: number;
  readonly #max: number;
  readonly #factor: number;
  readonly #jitter: () => number;
  #attempt = 0;

  constructor(options: BackoffOptions = {}) {
    this.#initial = options.initialMs ?? 800;
    this.#max = options.maxMs ?? 30_000;
    this.#factor = options.factor ?? 2;
    this.#jitter = options.jitter ?? (() => 0);
  }

  /** The delay before the next attempt; each call doubles it up to the cap. */
  next(): number {
    const base = Math.min(this.#max, this.#initial * this.#factor ** this.#attempt);
    this.#attempt++;
    return Math.min(this.#max, base * (1 + this.#jitter()));
  }

  reset(): void {
    this.#attempt = 0;
  }
}
