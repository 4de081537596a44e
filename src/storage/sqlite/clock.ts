// Time for the SQLite backend's background work (TTL expiry, compaction), injected so tests move time
// forward instead of sleeping.

export interface Clock {
  /** Milliseconds since the Unix epoch; TTL expiry times are stored in this unit, so they survive restarts. */
  now(): number;
  /** Calls fn every ms milliseconds until the returned function is called. Must not keep the process alive. */
  every(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  every(ms, fn) {
    const timer = setInterval(fn, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

/**
 * A clock that only moves when told to. Periodic callbacks still run on real (unref'd) timers so the
 * background loops keep turning, but every expiry decision reads this clock's time.
 */
export class ManualClock implements Clock {
  constructor(private current = Date.UTC(2025, 0, 1)) {}

  now(): number {
    return this.current;
  }

  every(ms: number, fn: () => void): () => void {
    return systemClock.every(ms, fn);
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
