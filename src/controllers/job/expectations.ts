// Creates and deletes a controller has asked for but not yet seen in its cache (upstream
// controller.ControllerExpectations): until they arrive, a sync must not act on pod counts, or it
// would create the same pods twice. Expectations older than five minutes are given up on, so a lost
// watch event cannot wedge a Job.
import type { Clock } from '../../client/index.ts';

export const EXPECTATIONS_TIMEOUT_MS = 5 * 60_000;

interface Pending {
  adds: number;
  deletes: number;
  since: number;
}

export class Expectations {
  readonly #pending = new Map<string, Pending>();
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Replaces what is expected for `key`. */
  expect(key: string, adds: number, deletes: number): void {
    this.#pending.set(key, { adds, deletes, since: this.#clock.now() });
  }

  /** A create or delete that will never show up (the request failed). */
  lower(key: string, adds: number, deletes: number): void {
    const p = this.#pending.get(key);
    if (p) Object.assign(p, { adds: p.adds - adds, deletes: p.deletes - deletes });
  }

  observeAdd(key: string): void {
    this.lower(key, 1, 0);
  }

  observeDelete(key: string): void {
    this.lower(key, 0, 1);
  }

  satisfied(key: string): boolean {
    const p = this.#pending.get(key);
    if (!p) return true;
    return (p.adds <= 0 && p.deletes <= 0) || this.#clock.now() - p.since > EXPECTATIONS_TIMEOUT_MS;
  }

  delete(key: string): void {
    this.#pending.delete(key);
  }
}
