// Objects over the storage Backend: reads that carry resourceVersion, and writes that are always
// compare-and-swap on the revision that was read (upstream's GuaranteedUpdate), so no concurrent write
// is ever silently overwritten.
import type { Backend, WatchEvent } from '../../storage/backend.ts';
import { ConflictError, KeyExistsError, KeyNotFoundError } from '../../storage/errors.ts';
import type { ResourceType } from '../../api/schema/types.ts';
import { errors } from '../status.ts';
import { decodeKeyValue, decodeStored, encodeForStore, type KubeObject } from './codec.ts';
import { listPrefix, objectKey, resourcePrefix } from './keys.ts';
import { WatchCache } from '../watchcache/watch-cache.ts';

/**
 * One change, shared read-only by every watcher that sees the same storage event (the SQLite backend
 * hands all its watchers the same event object), so the decode and the encode happen once per change,
 * not once per watcher.
 */
export interface ObjectEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** Read-only: shared between watchers. */
  object: KubeObject;
  /** The object as JSON (with apiVersion, kind and resourceVersion). */
  json(): string;
  /** The object before the event (undefined for ADDED). */
  previous: KubeObject | undefined;
  revision: number;
}

export interface ListPage {
  items: KubeObject[];
  revision: number;
  continue?: string;
  remaining?: number;
}

/** Returns the object to write, or throws an ApiError to abort. Receives a private copy. */
export type UpdateFn = (current: KubeObject) => KubeObject | Promise<KubeObject>;

/** Called after an object is removed from the store, whichever path removed it. */
export type DeleteListener = (rt: ResourceType, deleted: KubeObject) => Promise<void>;

export class ObjectStore {
  private readonly deleteListeners: DeleteListener[] = [];
  private readonly watchCaches = new Map<string, WatchCache>();

  constructor(readonly backend: Backend) {}

  /** The shared storage watch of a resource, opened on first use. */
  private watchCache(rt: ResourceType): WatchCache {
    const prefix = resourcePrefix(rt);
    let cache = this.watchCaches.get(prefix);
    if (!cache) {
      cache = new WatchCache(this.backend, prefix);
      this.watchCaches.set(prefix, cache);
    }
    return cache;
  }

  close(): void {
    for (const cache of this.watchCaches.values()) cache.close();
  }

  onDeleted(listener: DeleteListener): void {
    this.deleteListeners.push(listener);
  }

  async get(rt: ResourceType, namespace: string | undefined, name: string): Promise<KubeObject> {
    const kv = await this.backend.get(objectKey(rt, namespace, name));
    if (!kv) throw errors.notFound(rt.group, rt.plural, name);
    return decodeKeyValue(kv);
  }

  async tryGet(rt: ResourceType, namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
    const kv = await this.backend.get(objectKey(rt, namespace, name));
    return kv && decodeKeyValue(kv);
  }

  /**
   * One page of objects that pass `filter`. The backend is asked for exactly as many items as are still
   * wanted, so its continue token always points just past the last item returned.
   */
  async list(
    rt: ResourceType,
    namespace: string | undefined,
    options: { limit?: number; continue?: string; revision?: number; filter?: (obj: KubeObject) => boolean },
  ): Promise<ListPage> {
    const prefix = listPrefix(rt, namespace);
    const limit = options.limit && options.limit > 0 ? options.limit : 0;
    const items: KubeObject[] = [];
    let token = options.continue;
    let revision = options.revision;
    for (;;) {
      const want = limit ? limit - items.length : 0;
      const page = await this.backend.list(prefix, { limit: want, continue: token, revision });
      revision = page.revision;
      for (const kv of page.items) {
        const obj = decodeKeyValue(kv);
        if (!options.filter || options.filter(obj)) items.push(obj);
      }
      token = page.continue;
      if (!token || (limit && items.length >= limit)) {
        const result: ListPage = { items, revision: page.revision };
        if (token) {
          result.continue = token;
          if (!options.filter && page.remaining !== undefined) result.remaining = page.remaining;
        }
        return result;
      }
    }
  }

  async create(rt: ResourceType, obj: KubeObject, options: { dryRun?: boolean; ttlSeconds?: number } = {}): Promise<KubeObject> {
    const key = objectKey(rt, obj.metadata.namespace, obj.metadata.name!);
    const value = encodeForStore(obj);
    if (options.dryRun) {
      if (await this.backend.get(key)) throw errors.alreadyExists(rt.group, rt.plural, obj.metadata.name!);
      return decodeStored(value, await this.backend.currentRevision());
    }
    try {
      const revision = await this.backend.create(key, value, options.ttlSeconds ? { ttlSeconds: options.ttlSeconds } : {});
      return decodeStored(value, revision);
    } catch (err) {
      if (err instanceof KeyExistsError) throw errors.alreadyExists(rt.group, rt.plural, obj.metadata.name!);
      throw err;
    }
  }

  /**
   * Reads, applies `update`, writes at the revision read; retries on a concurrent write unless the
   * caller pinned a resourceVersion (then a mismatch is the caller's 409 Conflict).
   * Returns the written object, or the unchanged one when `update` changed nothing.
   */
  async update(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
    update: UpdateFn,
    options: { dryRun?: boolean; ttlSeconds?: number } = {},
  ): Promise<{ object: KubeObject; previous: KubeObject }> {
    const key = objectKey(rt, namespace, name);
    for (let attempt = 0; ; attempt++) {
      const kv = await this.backend.get(key);
      if (!kv) throw errors.notFound(rt.group, rt.plural, name);
      const current = decodeKeyValue(kv);
      const next = await update(decodeKeyValue(kv));
      const value = encodeForStore(next);
      if (value === kv.value || options.dryRun) return { object: decodeStored(value, kv.modRevision), previous: current };
      try {
        const revision = await this.backend.update(key, value, kv.modRevision, options.ttlSeconds ? { ttlSeconds: options.ttlSeconds } : {});
        return { object: decodeStored(value, revision), previous: current };
      } catch (err) {
        if (err instanceof KeyNotFoundError) throw errors.notFound(rt.group, rt.plural, name);
        if (err instanceof ConflictError && attempt < 100) continue;
        throw err;
      }
    }
  }

  /** Removes the object if it is still at `revision` (when given). */
  async delete(rt: ResourceType, namespace: string | undefined, name: string, revision?: number): Promise<KubeObject> {
    try {
      const { deleted, revision: deletedAt } = await this.backend.delete(objectKey(rt, namespace, name), revision === undefined ? {} : { expectedRevision: revision });
      const object = decodeStored(deleted.value, deletedAt);
      for (const listener of this.deleteListeners) await listener(rt, object);
      return object;
    } catch (err) {
      if (err instanceof KeyNotFoundError) throw errors.notFound(rt.group, rt.plural, name);
      if (err instanceof ConflictError) throw errors.conflict(rt.group, rt.plural, name, 'the object has been modified; please apply your changes to the latest version and try again');
      throw err;
    }
  }

  async *watch(rt: ResourceType, namespace: string | undefined, afterRevision: number, signal: AbortSignal): AsyncGenerator<ObjectEvent> {
    const apiVersion = rt.group ? `${rt.group}/${rt.version}` : rt.version;
    for await (const event of this.watchCache(rt).watch(listPrefix(rt, namespace), afterRevision, signal)) {
      // Keyed by version too: one stored change may be served at several versions (custom resources).
      let byVersion = decodedEvents.get(event);
      if (!byVersion) decodedEvents.set(event, (byVersion = new Map()));
      let decoded = byVersion.get(apiVersion);
      if (!decoded) byVersion.set(apiVersion, (decoded = toObjectEvent(event, apiVersion, rt.kind)));
      yield decoded;
    }
  }

  currentRevision(): Promise<number> {
    return this.backend.currentRevision();
  }
}

const decodedEvents = new WeakMap<WatchEvent, Map<string, ObjectEvent>>();

function toObjectEvent(event: WatchEvent, apiVersion: string, kind: string): ObjectEvent {
  const object = decodeStored(event.value, event.revision);
  object.apiVersion = apiVersion;
  object.kind = kind;
  const previous = event.prevValue === undefined ? undefined : decodeStored(event.prevValue, event.revision);
  const type = event.type === 'create' ? 'ADDED' : event.type === 'update' ? 'MODIFIED' : 'DELETED';
  let json: string | undefined;
  return { type, object, previous, revision: event.revision, json: () => (json ??= JSON.stringify(object)) };
}
