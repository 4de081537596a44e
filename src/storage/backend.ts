// The storage contract every kites component builds on: etcd's semantics (as k3s' kine offers them
// over SQL) behind one narrow interface. One global, strictly increasing revision numbers every write;
// it becomes metadata.resourceVersion.

export interface KeyValue {
  key: string;
  /** JSON text. */
  value: string;
  /** Revision of the write that created this incarnation of the key. */
  createRevision: number;
  /** Revision of the last write to the key. */
  modRevision: number;
}

export type WatchEventType = 'create' | 'update' | 'delete';

export interface WatchEvent {
  type: WatchEventType;
  key: string;
  /** The value after the event; for deletes, the value that was deleted. */
  value: string;
  /** The value before the event (undefined for creates; for deletes, the deleted value, as etcd's prevKv). */
  prevValue: string | undefined;
  /** Revision of this event (the key's modRevision after a create/update; the delete's revision). */
  revision: number;
  createRevision: number;
}

export interface WriteOptions {
  /** Expire the key this many seconds after the write (Kubernetes Events live one hour). */
  ttlSeconds?: number;
}

export interface ListOptions {
  /** Most items to return; 0 or absent means all. */
  limit?: number;
  /** Token from a previous page; the page continues at that page's revision. */
  continue?: string;
  /** Read as of this revision (must not be compacted); absent means the latest. */
  revision?: number;
}

export interface ListResult {
  items: KeyValue[];
  /** The revision the whole list (every page of it) is consistent at. */
  revision: number;
  /** Present when more items remain. */
  continue?: string;
  /** How many items remain after this page (present with continue). */
  remaining?: number;
}

export interface DeleteOptions {
  /** Delete only if the key's modRevision is still this. */
  expectedRevision?: number;
}

export interface WatchOptions {
  /** Stops the watch; the iterator then ends without error. */
  signal?: AbortSignal;
}

export interface Backend {
  /** Creates key; throws KeyExistsError if present. Returns the new revision. */
  create(key: string, value: string, options?: WriteOptions): Promise<number>;
  get(key: string, options?: { revision?: number }): Promise<KeyValue | undefined>;
  /** Keys starting with prefix, in key order. */
  list(prefix: string, options?: ListOptions): Promise<ListResult>;
  /** Compare-and-swap on modRevision: throws ConflictError (or KeyNotFoundError). Returns the new revision. */
  update(key: string, value: string, expectedRevision: number, options?: WriteOptions): Promise<number>;
  /** Throws KeyNotFoundError or ConflictError. Returns the delete's revision and the deleted state. */
  delete(key: string, options?: DeleteOptions): Promise<{ revision: number; deleted: KeyValue }>;
  count(prefix: string): Promise<number>;
  currentRevision(): Promise<number>;
  /**
   * Events for keys under prefix with revision > afterRevision, in revision order, each exactly once.
   * Resuming with the last revision seen misses nothing. Throws CompactedError (from the iterator) when
   * events after afterRevision were compacted away, i.e. afterRevision < compactedRevision().
   */
  watch(prefix: string, afterRevision: number, options?: WatchOptions): AsyncIterable<WatchEvent>;
  /**
   * Drops history at or below revision (the latest state of every live key is always kept). Reads at
   * revision >= the compacted revision still work; older ones throw CompactedError. Compacting at or
   * below the compacted revision is a no-op; above the current revision throws FutureRevisionError.
   */
  compact(revision: number): Promise<void>;
  /** Highest revision that has been compacted (0 when none). */
  compactedRevision(): Promise<number>;
  close(): Promise<void>;
}

/** etcd's request limit; both backends refuse larger values the same way. */
export const MAX_VALUE_BYTES = 1.5 * 1024 * 1024;
