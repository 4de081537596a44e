// A reflector and its cache in one: list (paginated), then watch from the list's resourceVersion with
// bookmarks; a dropped watch resumes from the last version seen; a 410 (refused watch or ERROR event)
// means the history is gone, so it lists again and tells handlers what they missed. Every retry waits
// on a capped exponential back-off from an injectable clock. Upstream: client-go tools/cache
// reflector.go and shared_informer.go; kubernetes-client/javascript src/cache.ts.
import { createLogger, type Logger } from '../log/logger.ts';
import { Backoff, type BackoffOptions } from './backoff.ts';
import { Store, deepFreeze, objectKey, type IndexFunc, type ReadonlyStore } from './cache.ts';
import { realClock, sleep, type Clock } from './clock.ts';
import { ApiStatusError, isGone } from './errors.ts';
import type { KubeList, KubeObject, ListOptions, WatchEvent, WatchOptions } from './resource.ts';

/** What an informer reads from; a ResourceClient is one. */
export interface ListWatcher<T> {
  listAll(options: Omit<ListOptions, 'continue'>): Promise<KubeList<T>>;
  watch(options: WatchOptions): AsyncIterable<WatchEvent<T>>;
}

/**
 * Called synchronously as the cache changes; keep them short (enqueue a key). Objects are frozen and
 * shared: copy before modifying. On a re-list, objects that vanished meanwhile arrive at onDelete in
 * their last known state.
 */
export interface EventHandlers<T> {
  onAdd?(obj: T): void;
  onUpdate?(oldObj: T, newObj: T): void;
  onDelete?(obj: T): void;
}

export interface InformerOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** Items per list page. */
  pageSize?: number;
  /** Server-side watch timeout; the informer resumes right after. */
  watchTimeoutSeconds?: number;
  clock?: Clock;
  logger?: Logger;
  backoff?: BackoffOptions;
}

export class Informer<T extends KubeObject> {
  readonly #source: ListWatcher<T>;
  readonly #options: InformerOptions;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #store = new Store<T>();
  readonly #handlers = new Set<EventHandlers<T>>();
  readonly #syncWaiters = new Set<() => void>();
  #synced = false;
  #resourceVersion: string | undefined;

  constructor(source: ListWatcher<T>, options: InformerOptions = {}) {
    this.#source = source;
    this.#options = options;
    this.#clock = options.clock ?? realClock;
    this.#log = options.logger ?? createLogger().with({ component: 'informer' });
  }

  /** The cache. Read-only: its objects are frozen and shared. */
  get store(): ReadonlyStore<T> {
    return this.#store;
  }

  /** A named index over the cache, e.g. pods by spec.nodeName. */
  addIndex(name: string, fn: IndexFunc<T>): void {
    this.#store.addIndex(name, fn);
  }

  /** Registers handlers; objects already cached are replayed to onAdd. Returns an unsubscribe. */
  addEventHandler(handlers: EventHandlers<T>): () => void {
    this.#handlers.add(handlers);
    if (handlers.onAdd) for (const obj of this.#store.list()) this.#call('onAdd', () => handlers.onAdd!(obj));
    return () => this.#handlers.delete(handlers);
  }

  hasSynced(): boolean {
    return this.#synced;
  }

  /** The last resourceVersion seen from a list, an event or a bookmark. */
  lastSyncResourceVersion(): string | undefined {
    return this.#resourceVersion;
  }

  /** True once the first list is in the cache; false if `signal` aborts first. */
  waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.#synced) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        this.#syncWaiters.delete(onSync);
        signal?.removeEventListener('abort', onAbort);
        resolve(ok);
      };
      const onSync = () => done(true);
      const onAbort = () => done(false);
      this.#syncWaiters.add(onSync);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Lists and watches until `signal` aborts. Never rejects for server or network failures: it retries. */
  async run(signal: AbortSignal): Promise<void> {
    const backoff = new Backoff(this.#options.backoff);
    let needList = true;
    while (!signal.aborted) {
      try {
        if (needList) {
          await this.#relist(signal);
          needList = false;
        }
        const started = this.#clock.now();
        const events = await this.#watch(signal);
        // A watch the server closes at once, with nothing in it, would otherwise be retried in a hot loop.
        if (events > 0 || this.#clock.now() - started >= 1000) backoff.reset();
        else await sleep(this.#clock, backoff.next(), signal);
      } catch (err) {
        if (signal.aborted) break;
        if (isGone(err)) needList = true;
        const delay = backoff.next();
        this.#log.warn(needList ? 'list/watch failed; listing again' : 'watch failed; resuming', { error: String(err), resourceVersion: this.#resourceVersion, retryInMs: delay });
        await sleep(this.#clock, delay, signal);
      }
    }
  }

  async #relist(signal: AbortSignal): Promise<void> {
    const { labelSelector, fieldSelector, pageSize = 500 } = this.#options;
    const list = await this.#source.listAll({ labelSelector, fieldSelector, limit: pageSize, signal });
    if (signal.aborted) return;
    const kind = list.kind?.endsWith('List') ? list.kind.slice(0, -4) : undefined;
    const seen = new Set<string>();
    for (const item of list.items) {
      // List items carry no kind upstream; fill it in so consumers (event recorders) can name objects.
      const obj = kind && !item.kind ? { ...item, apiVersion: list.apiVersion, kind } : item;
      seen.add(objectKey(obj));
      this.#upsert(obj, true);
    }
    for (const key of this.#store.keys()) {
      if (seen.has(key)) continue;
      const gone = this.#store.remove(key)!;
      this.#emit('onDelete', (h) => h.onDelete?.(gone));
    }
    this.#resourceVersion = list.metadata.resourceVersion;
    if (!this.#synced) {
      this.#synced = true;
      for (const wake of [...this.#syncWaiters]) wake();
    }
  }

  /** Follows one watch to its clean end (by the server or by abort); answers how many events came. */
  async #watch(signal: AbortSignal): Promise<number> {
    let count = 0;
    const events = this.#source.watch({
      resourceVersion: this.#resourceVersion,
      allowWatchBookmarks: true,
      labelSelector: this.#options.labelSelector,
      fieldSelector: this.#options.fieldSelector,
      timeoutSeconds: this.#options.watchTimeoutSeconds ?? 300,
      signal,
    });
    for await (const event of events) {
      count++;
      if (event.type === 'ERROR') throw ApiStatusError.fromStatus(event.object);
      const obj = event.object;
      if (event.type === 'DELETED') {
        const gone = this.#store.remove(objectKey(obj));
        if (gone) this.#emit('onDelete', (h) => h.onDelete?.(deepFreeze(obj)));
      } else if (event.type === 'ADDED' || event.type === 'MODIFIED') {
        this.#upsert(obj, false);
      }
      const rv = obj.metadata?.resourceVersion;
      if (rv) this.#resourceVersion = rv;
    }
    return count;
  }

  #upsert(obj: T, fromList: boolean): void {
    const old = this.#store.put(obj);
    if (!old) this.#emit('onAdd', (h) => h.onAdd?.(obj));
    // A re-list reports only the objects that changed while we were not watching.
    else if (!fromList || old.metadata?.resourceVersion !== obj.metadata?.resourceVersion) this.#emit('onUpdate', (h) => h.onUpdate?.(old, obj));
  }

  #emit(what: keyof EventHandlers<T>, call: (h: EventHandlers<T>) => void): void {
    for (const h of this.#handlers) this.#call(what, () => call(h));
  }

  // One faulty handler must not stop the cache or the other handlers.
  #call(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.#log.error('event handler failed', { handler: what, error: String(err) });
    }
  }
}
