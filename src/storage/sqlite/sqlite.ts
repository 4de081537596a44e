// The embedded SQLite backend: kites' default store (DESIGN.md, "State"). One file under the data
// directory, one append-only revision table, group-committed writes, in-process watch fan-out.

import type { Backend, DeleteOptions, KeyValue, ListOptions, ListResult, WatchEvent, WatchOptions, WriteOptions } from '../backend.ts';
import { UnavailableError } from '../errors.ts';
import { checkKey, checkPrefix, checkTTL, checkValue } from '../validate.ts';
import { systemClock, type Clock } from './clock.ts';
import { Compactor } from './compact.ts';
import { getKey } from './get.ts';
import { countKeys, listKeys } from './list.ts';
import type { RevisionWindow } from './read-revision.ts';
import { openDatabase, type DB, type Durability } from './schema.ts';
import { prepareStatements, type Statements } from './statements.ts';
import { expiresAt, sweepExpired } from './ttl.ts';
import { WatchHub } from './watch.ts';
import { WriteQueue } from './write-queue.ts';

export interface SqliteBackendOptions {
  /** The store lives in DATA_DIR/db/state.db. */
  dataDir: string;
  clock?: Clock;
  /** Default 'full'; see Durability and docs/storage.md. */
  synchronous?: Durability['synchronous'];
  /**
   * Background compaction: every intervalMs, compact to the revision seen at the previous run, but
   * always keep at least keepRevisions of history. So a watcher has at least one interval (5 minutes,
   * as kube-apiserver's compactor) to resume, and history stays bounded by about two intervals of writes.
   */
  compaction?: { intervalMs?: number; keepRevisions?: number };
  /** How often expired TTL keys are deleted. Default 1 s. */
  ttlSweepIntervalMs?: number;
  /** Background failures (compaction, TTL sweep) that will be retried on the next run. */
  onBackgroundError?: (err: unknown) => void;
}

class SqliteBackend implements Backend {
  private readonly window: RevisionWindow;
  private readonly revision: { current: number };
  private readonly writes: WriteQueue;
  private readonly hub: WatchHub;
  private readonly compactor: Compactor;
  private readonly stopTimers: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly db: DB,
    private readonly stmts: Statements,
    private readonly clock: Clock,
    start: { revision: number; compactRevision: number; compactDone: number },
  ) {
    this.revision = { current: start.revision };
    const revision = this.revision;
    this.compactor = new Compactor({ db, stmts, currentRevision: () => revision.current, compactRevision: start.compactRevision, compactDone: start.compactDone, chunk: 2000 });
    const compactor = this.compactor;
    this.window = {
      get current() {
        return revision.current;
      },
      get compacted() {
        return compactor.compacted;
      },
    };
    this.hub = new WatchHub({ stmts, compactedRevision: () => compactor.compacted, replayChunk: 1000, maxBuffered: 10_000 });
    this.writes = new WriteQueue({ db, stmts, revision, publish: (events) => this.hub.publish(events), maxBatch: 1000 });
  }

  startBackground(opts: SqliteBackendOptions): void {
    const onError = opts.onBackgroundError ?? ((err: unknown) => console.error('kites sqlite background task failed:', err));
    const sweep = { stmts: this.stmts, clock: this.clock, writes: this.writes, batch: 1000, onError };
    this.stopTimers.push(this.clock.every(opts.ttlSweepIntervalMs ?? 1000, () => sweepExpired(sweep)));
    const keep = opts.compaction?.keepRevisions ?? 10_000;
    let seenAtLastRun = this.revision.current;
    this.stopTimers.push(
      this.clock.every(opts.compaction?.intervalMs ?? 5 * 60_000, () => {
        const target = Math.min(seenAtLastRun, this.revision.current - keep);
        seenAtLastRun = this.revision.current;
        if (target > this.compactor.compacted) this.compactor.compact(target).catch(onError);
      }),
    );
    this.compactor.resume().catch(onError);
  }

  async create(key: string, value: string, options?: WriteOptions): Promise<number> {
    checkKey(key);
    checkValue(value);
    checkTTL(options?.ttlSeconds);
    this.checkOpen();
    return this.writes.submit({ verb: 'create', key, value, expiresAt: expiresAt(this.clock, options?.ttlSeconds) });
  }

  async get(key: string, options?: { revision?: number }): Promise<KeyValue | undefined> {
    checkKey(key);
    this.checkOpen();
    return getKey(this.stmts, this.window, key, options?.revision);
  }

  async list(prefix: string, options?: ListOptions): Promise<ListResult> {
    checkPrefix(prefix);
    this.checkOpen();
    return listKeys(this.stmts, this.window, prefix, options ?? {});
  }

  async update(key: string, value: string, expectedRevision: number, options?: WriteOptions): Promise<number> {
    checkKey(key);
    checkValue(value);
    checkTTL(options?.ttlSeconds);
    this.checkOpen();
    return this.writes.submit({ verb: 'update', key, value, expectedRevision, expiresAt: expiresAt(this.clock, options?.ttlSeconds) });
  }

  async delete(key: string, options?: DeleteOptions): Promise<{ revision: number; deleted: KeyValue }> {
    checkKey(key);
    this.checkOpen();
    return this.writes.submit({ verb: 'delete', key, expectedRevision: options?.expectedRevision });
  }

  async count(prefix: string): Promise<number> {
    checkPrefix(prefix);
    this.checkOpen();
    return countKeys(this.stmts, this.window, prefix);
  }

  async currentRevision(): Promise<number> {
    return this.revision.current;
  }

  watch(prefix: string, afterRevision: number, options?: WatchOptions): AsyncIterable<WatchEvent> {
    checkPrefix(prefix);
    this.checkOpen();
    return this.hub.watch(prefix, afterRevision, options?.signal);
  }

  async compact(revision: number): Promise<void> {
    this.checkOpen();
    await this.compactor.compact(revision);
  }

  async compactedRevision(): Promise<number> {
    return this.compactor.compacted;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const stop of this.stopTimers) stop();
    this.compactor.stop();
    this.writes.flushAll();
    this.hub.closeAll();
    this.db.close();
  }

  private checkOpen(): void {
    if (this.closed) throw new UnavailableError('the sqlite store is closed');
  }
}

/** Opens (creating if needed) the store under dataDir. Throws UnavailableError when the file cannot be used. */
export async function openSqliteBackend(opts: SqliteBackendOptions): Promise<Backend> {
  const opened = openDatabase(opts.dataDir, { synchronous: opts.synchronous ?? 'full' });
  const backend = new SqliteBackend(opened.db, prepareStatements(opened.db), opts.clock ?? systemClock, opened);
  backend.startBackground(opts);
  return backend;
}
