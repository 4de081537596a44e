// What a controller is waiting to see in its cache after it created or deleted pods (upstream
// UIDTrackingControllerExpectations): until every expected create and delete has been observed (or
// five minutes pass), the controller does not create or delete more, so a slow informer never makes
// it act twice.
import type { Clock } from '../../client/index.ts';

interface Record_ {
  adds: number;
  dels: number;
  /** Keys of pods whose deletion we wait to observe. */
  deleting: Set<string>;
  at: number;
}

export const EXPECTATIONS_TTL_MS = 5 * 60_000;

export class Expectations {
  readonly #records = new Map<string, Record_>();

  constructor(
    readonly clock: Clock,
    readonly ttlMs = EXPECTATIONS_TTL_MS,
  ) {}

  /** True when the controller may act: nothing pending, everything observed, or the record expired. */
  satisfied(key: string): boolean {
    const r = this.#records.get(key);
    if (!r) return true;
    if (r.adds <= 0 && r.dels <= 0) return true;
    return this.clock.now() - r.at > this.ttlMs;
  }

  expectCreations(key: string, count: number): void {
    this.#records.set(key, { adds: count, dels: 0, deleting: new Set(), at: this.clock.now() });
  }

  expectDeletions(key: string, podKeys: readonly string[]): void {
    this.#records.set(key, { adds: 0, dels: podKeys.length, deleting: new Set(podKeys), at: this.clock.now() });
  }

  creationObserved(key: string): void {
    const r = this.#records.get(key);
    if (r) r.adds--;
  }

  /** Counts only deletions of pods this controller asked for. */
  deletionObserved(key: string, podKey: string): void {
    const r = this.#records.get(key);
    if (r?.deleting.delete(podKey)) r.dels--;
  }

  delete(key: string): void {
    this.#records.delete(key);
  }

  /** For tests and logs: what is still pending. */
  pending(key: string): { adds: number; dels: number } | undefined {
    const r = this.#records.get(key);
    return r && { adds: r.adds, dels: r.dels };
  }
}
