// Creates and deletes a DaemonSet has issued but not yet seen in the pod cache (upstream's
// ControllerExpectations): while any are outstanding the controller does not manage pods again,
// so a lagging cache never makes it create a second pod for a node. Stale expectations expire.
import type { Clock } from '../../client/index.ts';

const EXPIRY_MS = 5 * 60_000;

export class Expectations {
  readonly #pending = new Map<string, { adds: number; dels: number; at: number }>();

  constructor(readonly clock: Clock) {}

  expect(key: string, adds: number, dels: number): void {
    this.#pending.set(key, { adds, dels, at: this.clock.now() });
  }

  creationObserved(key: string): void {
    const e = this.#pending.get(key);
    if (e) e.adds--;
  }

  deletionObserved(key: string): void {
    const e = this.#pending.get(key);
    if (e) e.dels--;
  }

  satisfied(key: string): boolean {
    const e = this.#pending.get(key);
    return !e || (e.adds <= 0 && e.dels <= 0) || this.clock.now() - e.at > EXPIRY_MS;
  }

  forget(key: string): void {
    this.#pending.delete(key);
  }
}
