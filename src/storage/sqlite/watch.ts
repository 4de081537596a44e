// Watches fan out in-process from each committed batch. A watch from an old revision first replays
// history from the table, then turns live; both happen on the one JavaScript thread that also commits,
// so "the history read found nothing more" and "now take live events" cannot have a commit between
// them: no gap, and the revision cursor drops anything already delivered, so no duplicate.
// A watcher that falls too far behind drops back to replaying from the table instead of buffering
// without bound.

import type { WatchEvent } from '../backend.ts';
import { CompactedError } from '../errors.ts';
import { prefixEnd, toEvent } from './rows.ts';
import { guard } from './sqlite-errors.ts';
import type { Statements } from './statements.ts';

export interface WatchHubOptions {
  stmts: Statements;
  compactedRevision: () => number;
  /** Rows read per history query while catching up. */
  replayChunk: number;
  /** Live events a watcher may hold unconsumed before it falls back to replaying from the table. */
  maxBuffered: number;
}

class Watcher {
  readonly hi: string;
  queue: WatchEvent[] = [];
  live = false;
  closed = false;
  private wake: (() => void) | undefined;

  constructor(
    readonly lo: string,
    /** Revision of the last event queued for (or delivered to) the consumer. */
    public cursor: number,
  ) {
    this.hi = prefixEnd(lo);
  }

  offer(events: WatchEvent[], maxBuffered: number): void {
    if (!this.live) return;
    for (const ev of events) {
      if (ev.revision <= this.cursor || ev.key < this.lo || ev.key >= this.hi) continue;
      if (this.queue.length >= maxBuffered) {
        this.live = false;
        break;
      }
      this.queue.push(ev);
      this.cursor = ev.revision;
    }
    this.notify();
  }

  notify(): void {
    this.wake?.();
    this.wake = undefined;
  }

  waitForEvents(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }
}

export class WatchHub {
  private readonly watchers = new Set<Watcher>();

  constructor(private readonly opts: WatchHubOptions) {}

  publish(events: WatchEvent[]): void {
    if (events.length === 0) return;
    for (const w of this.watchers) w.offer(events, this.opts.maxBuffered);
  }

  /** Ends every watch cleanly (the store is closing). */
  closeAll(): void {
    for (const w of this.watchers) {
      w.closed = true;
      w.notify();
    }
  }

  async *watch(prefix: string, afterRevision: number, signal: AbortSignal | undefined): AsyncGenerator<WatchEvent> {
    if (signal?.aborted) return;
    const w = new Watcher(prefix, afterRevision);
    const onAbort = () => {
      w.closed = true;
      w.notify();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    this.watchers.add(w);
    try {
      while (!w.closed) {
        if (w.queue.length === 0) {
          if (w.live) await w.waitForEvents();
          else this.catchUp(w);
          continue;
        }
        const batch = w.queue;
        w.queue = [];
        for (const ev of batch) {
          yield ev;
          if (w.closed) return;
        }
      }
    } finally {
      this.watchers.delete(w);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Reads the next chunk of history after the cursor; a short chunk means the watcher is caught up. */
  private catchUp(w: Watcher): void {
    const compacted = this.opts.compactedRevision();
    if (w.cursor < compacted) throw new CompactedError(w.cursor, compacted);
    const rows = guard('replaying history', () => this.opts.stmts.history.all({ after: w.cursor, lo: w.lo, hi: w.hi, limit: this.opts.replayChunk }));
    for (const row of rows) w.queue.push(toEvent(row));
    if (rows.length > 0) w.cursor = rows[rows.length - 1]!.id;
    if (rows.length < this.opts.replayChunk) w.live = true;
  }
}
