// Uids known to be gone. A uid is never reused, so an entry never goes stale; the cache is bounded
// only to cap memory, dropping the oldest entries first (upstream: ReferenceCache, an LRU).
export class AbsentOwners {
  readonly #uids = new Map<string, true>();

  constructor(readonly capacity = 10_000) {}

  has(uid: string): boolean {
    if (!this.#uids.has(uid)) return false;
    this.#uids.delete(uid);
    this.#uids.set(uid, true);
    return true;
  }

  add(uid: string): void {
    this.#uids.delete(uid);
    this.#uids.set(uid, true);
    if (this.#uids.size > this.capacity) this.#uids.delete(this.#uids.keys().next().value!);
  }
}
