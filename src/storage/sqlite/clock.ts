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

/** A clock that only moves when told to; periodic callbacks fire as advance() passes their due time. */
export class ManualClock implements Clock {
  private readonly timers = new Set<{ ms: number; due: number; fn: () => void }>();

  constructor(private current = Date.UTC(2025, 0, 1)) {}

  now(): number {
    return this.current;
  }

  every(ms: number, fn: () => void): () => void {
    const timer = { ms, due: this.current + ms, fn };
    this.timers.add(timer);
    return () => this.timers.delete(timer);
  }

  /** Moves time forward, running each periodic callback that came due once. */
  advance(ms: number): void {
    this.current += ms;
    for (const timer of this.timers) {
      if (timer.due > this.current) continue;
      timer.due = this.current + timer.ms;
      timer.fn();
    }
  }
}
