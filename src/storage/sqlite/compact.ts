// Compaction: drop history at or below a revision while keeping each live key's newest row.
//
// The compacted revision is recorded first (reads below it are refused from then on), then history is
// cleaned in small id-range transactions so a large compaction never blocks writes for long. Progress is
// recorded with each chunk, so a crash mid-way resumes where it stopped. Each row is visited once: for
// every row in the range, the row it replaced is deleted, and delete rows themselves go.

import { setImmediate as nextTurn } from 'node:timers/promises';
import { FutureRevisionError } from '../errors.ts';
import type { DB } from './schema.ts';
import { guard } from './sqlite-errors.ts';
import type { Statements } from './statements.ts';

export interface CompactorOptions {
  db: DB;
  stmts: Statements;
  currentRevision: () => number;
  compactRevision: number;
  compactDone: number;
  /** Revisions cleaned per transaction. */
  chunk: number;
}

export class Compactor {
  /** Reads below this revision are refused. */
  compacted: number;
  private done: number;
  private cleaning: Promise<void> | undefined;
  private stopped = false;
  private readonly cleanChunk: (lo: number, hi: number) => void;

  constructor(private readonly opts: CompactorOptions) {
    this.compacted = opts.compactRevision;
    this.done = opts.compactDone;
    this.cleanChunk = opts.db.transaction((lo: number, hi: number) => {
      opts.stmts.compactSuperseded.run(lo, hi);
      opts.stmts.compactDeletes.run(lo, hi);
      opts.stmts.setMeta.run('compact_done', hi);
    });
  }

  async compact(revision: number): Promise<void> {
    const current = this.opts.currentRevision();
    if (revision > current) throw new FutureRevisionError(revision, current);
    if (revision > this.compacted) {
      guard('recording compaction', () => this.opts.stmts.setMeta.run('compact_rev', revision));
      this.compacted = revision;
    }
    await this.clean();
  }

  /** Finishes cleanup that an earlier run (or a crash) left behind. */
  resume(): Promise<void> {
    return this.clean();
  }

  stop(): void {
    this.stopped = true;
  }

  private clean(): Promise<void> {
    this.cleaning ??= this.cleanLoop().finally(() => {
      this.cleaning = undefined;
    });
    return this.cleaning;
  }

  private async cleanLoop(): Promise<void> {
    while (!this.stopped && this.done < this.compacted) {
      const hi = Math.min(this.done + this.opts.chunk, this.compacted);
      guard('compacting history', () => this.cleanChunk(this.done, hi));
      this.done = hi;
      // Let queued writes and reads run between chunks.
      await nextTurn();
    }
  }
}
