// One storage watch per resource, shared by every API watch on it (upstream's cacher): the storage
// delivers each change once, the cache fans it out in memory, and a ring of recent changes lets a
// client resume from a recent resourceVersion without touching storage. A resume from before the
// ring falls through to the storage's own history, so nothing is lost and nothing is delivered twice.
import type { Backend, WatchEvent } from '../../storage/backend.ts';
import type { Logger } from '../../log/logger.ts';
import { CompactedError } from '../../storage/errors.ts';

export interface WatchCacheOptions {
  /** Changes kept for resuming watches. */
  capacity?: number;
  /** Changes a slow watcher may hold before it is cut off (it re-watches from where it was). */
  maxBuffered?: number;
  /** Wait before re-opening a failed storage watch. */
  retryMs?: number;
  logger?: Logger;
}

class Subscriber {
  queue: WatchEvent[] = [];
  failed: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(
    readonly prefix: string,
    /** Changes at or before this revision were seen already (the cache may still be catching up to it). */
    readonly after: number,
    readonly maxBuffered: number,
  ) {}

  offer(event: WatchEvent): void {
    if (this.failed || event.revision <= this.after || !event.key.startsWith(this.prefix)) return;
    if (this.queue.length >= this.maxBuffered) return this.fail(new Error('watcher fell too far behind; re-watch from the last resourceVersion seen'));
    this.queue.push(event);
    this.notify();
  }

  fail(err: Error): void {
    this.failed ??= err;
    this.notify();
  }

  notify(): void {
    this.wake?.();
    this.wake = undefined;
  }

  next(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }
}

export class WatchCache {
  private readonly ring: WatchEvent[] = [];
  private readonly subscribers = new Set<Subscriber>();
  /** Every change after this revision is in the ring (or was delivered live since). */
  private since = 0;
  private started: Promise<void> | undefined;
  private readonly stop = new AbortController();
  private readonly capacity: number;
  private readonly maxBuffered: number;

  constructor(
    private readonly backend: Backend,
    private readonly prefix: string,
    private readonly options: WatchCacheOptions = {},
  ) {
    this.capacity = options.capacity ?? 10_000;
    this.maxBuffered = options.maxBuffered ?? 10_000;
  }

  /** Changes under `prefix` (within the cache's prefix) with revision > afterRevision, until `signal`. */
  async *watch(prefix: string, afterRevision: number, signal: AbortSignal): AsyncGenerator<WatchEvent> {
    await this.start();
    if (afterRevision < this.since) {
      // Older than the ring: the storage replays its own history (or reports it compacted).
      yield* this.backend.watch(prefix, afterRevision, { signal });
      return;
    }
    const sub = new Subscriber(prefix, afterRevision, this.maxBuffered);
    // Replay and subscribe in one synchronous step: no change can fall between them.
    for (const event of this.ring) sub.offer(event);
    this.subscribers.add(sub);
    const onAbort = () => sub.notify();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      while (!signal.aborted) {
        if (sub.queue.length > 0) {
          const batch = sub.queue;
          sub.queue = [];
          for (const event of batch) {
            if (signal.aborted) return;
            yield event;
          }
          continue;
        }
        if (sub.failed) throw sub.failed;
        await sub.next();
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.subscribers.delete(sub);
    }
  }

  close(): void {
    this.stop.abort();
    for (const sub of this.subscribers) sub.fail(new Error('watch cache closed'));
  }

  private start(): Promise<void> {
    this.started ??= (async () => {
      this.since = await this.backend.currentRevision();
      void this.follow();
    })();
    return this.started;
  }

  /** Follows the storage watch for the cache's whole life, re-opening it after failures. */
  private async follow(): Promise<void> {
    let last = this.since;
    while (!this.stop.signal.aborted) {
      try {
        for await (const event of this.backend.watch(this.prefix, last, { signal: this.stop.signal })) {
          last = event.revision;
          this.ring.push(event);
          if (this.ring.length > this.capacity) this.since = this.ring.shift()!.revision;
          for (const sub of this.subscribers) sub.offer(event);
        }
      } catch (err) {
        if (this.stop.signal.aborted) return;
        this.options.logger?.warn('storage watch failed; watchers will re-watch', { prefix: this.prefix, err: String(err) });
        // Watchers cannot be told what they missed: end them; clients resume from their last version
        // (from storage history, or with a re-list when that history is gone).
        for (const sub of this.subscribers) sub.fail(err instanceof Error ? err : new Error(String(err)));
        this.ring.length = 0;
        await new Promise((r) => setTimeout(r, this.options.retryMs ?? 1000));
        if (err instanceof CompactedError) last = await this.backend.currentRevision().catch(() => last);
        this.since = last;
      }
    }
  }
}
