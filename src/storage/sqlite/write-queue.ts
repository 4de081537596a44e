// Group commit: writes submitted in the same turn of the event loop are applied in one transaction on
// the next turn (one WAL fsync for all of them). Each caller's promise settles only after that commit.
// A write whose precondition fails inside the batch fails alone; a SQLite failure (disk full, read-only,
// I/O error) fails the whole batch with UnavailableError and leaves memory as the file is.

import type { Transaction } from 'better-sqlite3';
import type { WatchEvent } from '../backend.ts';
import { StorageError } from '../errors.ts';
import type { Applied, ApplyContext } from './apply.ts';
import { applyCreate, type CreateOp } from './create.ts';
import { applyDelete, type DeleteOp } from './delete.ts';
import type { DB } from './schema.ts';
import { asUnavailable } from './sqlite-errors.ts';
import type { Statements } from './statements.ts';
import { applyUpdate, type UpdateOp } from './update.ts';

export type WriteOp = CreateOp | UpdateOp | DeleteOp;

interface Pending {
  op: WriteOp;
  resolve: (value: never) => void;
  reject: (err: unknown) => void;
}

type Outcome = { ok: true; applied: Applied<unknown> } | { ok: false; error: StorageError };

export interface WriteQueueOptions {
  db: DB;
  stmts: Statements;
  /** Highest committed revision; the queue advances it on commit. */
  revision: { current: number };
  /** Receives each committed batch's events, in revision order, right after the commit. */
  publish: (events: WatchEvent[]) => void;
  /** Most writes per transaction; a longer queue is committed over several turns. */
  maxBatch: number;
}

export class WriteQueue {
  private pending: Pending[] = [];
  private scheduled = false;
  private readonly applyBatch: Transaction<(batch: Pending[], outcomes: Outcome[]) => void>;

  constructor(private readonly opts: WriteQueueOptions) {
    this.applyBatch = opts.db.transaction((batch: Pending[], outcomes: Outcome[]) => {
      let next = opts.revision.current;
      const ctx: ApplyContext = { stmts: opts.stmts, nextRevision: () => ++next };
      for (const { op } of batch) outcomes.push(applyOne(ctx, op));
    });
  }

  submit<T>(op: WriteOp): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ op, resolve: resolve as (value: never) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.pending.splice(0, this.opts.maxBatch);
    if (this.pending.length > 0) setImmediate(() => this.flush());
    else this.scheduled = false;
    if (batch.length === 0) return;
    const outcomes: Outcome[] = [];
    try {
      // better-sqlite3 runs BEGIN IMMEDIATE … COMMIT and rolls back if anything throws.
      this.applyBatch.immediate(batch, outcomes);
    } catch (err) {
      if (!this.committedDespite(err, outcomes)) {
        const error = asUnavailable(err, 'committing writes');
        for (const p of batch) p.reject(error);
        return;
      }
    }
    this.settle(batch, outcomes);
  }

  /**
   * After an I/O error during COMMIT SQLite cannot always say whether the commit reached the file. The
   * file is the truth: if it holds this batch's last revision, the batch committed and callers must be
   * told so (and watchers fed), or memory would disagree with disk.
   */
  private committedDespite(err: unknown, outcomes: Outcome[]): boolean {
    if (outcomes.length === 0 || !(err as { code?: string }).code?.startsWith('SQLITE_IOERR')) return false;
    const last = outcomes.findLast((o): o is Extract<Outcome, { ok: true }> => o.ok);
    if (!last) return false;
    try {
      return this.opts.stmts.maxRevision.get()?.id === last.applied.event.revision;
    } catch {
      return false;
    }
  }

  private settle(batch: Pending[], outcomes: Outcome[]): void {
    const events: WatchEvent[] = [];
    for (const outcome of outcomes) if (outcome.ok) events.push(outcome.applied.event);
    if (events.length > 0) this.opts.revision.current = events[events.length - 1]!.revision;
    this.opts.publish(events);
    batch.forEach((p, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) p.resolve(outcome.applied.result as never);
      else p.reject(outcome.error);
    });
  }

  /** Commits everything queued now (the store is closing). */
  flushAll(): void {
    while (this.pending.length > 0) this.flush();
  }
}

function applyOne(ctx: ApplyContext, op: WriteOp): Outcome {
  try {
    switch (op.verb) {
      case 'create':
        return { ok: true, applied: applyCreate(ctx, op) };
      case 'update':
        return { ok: true, applied: applyUpdate(ctx, op) };
      case 'delete':
        return { ok: true, applied: applyDelete(ctx, op) };
    }
  } catch (err) {
    // Only precondition failures are per-write; SQLite errors abort the transaction for everyone.
    if (err instanceof StorageError) return { ok: false, error: err };
    throw err;
  }
}
