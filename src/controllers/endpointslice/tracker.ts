// Remembers the slices this controller wrote per Service until the informer cache shows them, so a
// reconcile never plans from a cache that misses its own last writes and creates slices twice
// (upstream's endpointSliceTracker, keyed by resourceVersion: kites' is one global revision).
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.d.ts';
import type { ReadonlyStore } from '../../client/index.ts';

const DELETED = 'deleted';

function atLeast(cached: string | undefined, written: string): boolean {
  if (cached === undefined) return false;
  if (/^\d+$/.test(cached) && /^\d+$/.test(written)) return BigInt(cached) >= BigInt(written);
  return cached === written;
}

export class SliceTracker {
  /** service key → slice name → resourceVersion written, or DELETED. */
  readonly #expected = new Map<string, Map<string, string>>();

  wrote(serviceKey: string, slice: EndpointSlice): void {
    this.#for(serviceKey).set(slice.metadata!.name!, slice.metadata!.resourceVersion ?? '');
  }

  deleted(serviceKey: string, name: string): void {
    this.#for(serviceKey).set(name, DELETED);
  }

  /** True while the cache lags behind a write; forgets what the cache has caught up with. */
  stale(serviceKey: string, namespace: string, slices: ReadonlyStore<EndpointSlice>): boolean {
    const expected = this.#expected.get(serviceKey);
    if (!expected) return false;
    let stale = false;
    for (const [name, version] of expected) {
      const cached = slices.getByName(namespace, name);
      const caughtUp = version === DELETED ? !cached : atLeast(cached?.metadata?.resourceVersion, version);
      if (caughtUp) expected.delete(name);
      else stale = true;
    }
    if (expected.size === 0) this.#expected.delete(serviceKey);
    return stale;
  }

  /** A slice someone deleted is no longer awaited. */
  forgetSlice(serviceKey: string, name: string): void {
    const expected = this.#expected.get(serviceKey);
    if (expected?.get(name) !== DELETED) expected?.delete(name);
  }

  forgetService(serviceKey: string): void {
    this.#expected.delete(serviceKey);
  }

  #for(serviceKey: string): Map<string, string> {
    let m = this.#expected.get(serviceKey);
    if (!m) this.#expected.set(serviceKey, (m = new Map()));
    return m;
  }
}
