// Backend.watch over etcd's own watch: one gRPC stream per watch, started at afterRevision+1 with
// prev_kv so deletes and updates carry the value before them. A stream that breaks (its member died)
// is reopened on another member from the last revision delivered, so the caller sees each event exactly
// once across fail-overs; etcd's "compacted" cancellation becomes CompactedError.

import type { Duplex } from 'node:stream';
import type { IDuplexStream, IEvent, IKeyValue, IWatchRequest, IWatchResponse, WatchClient } from 'etcd3';
import type { WatchEvent } from '../backend.ts';
import { CompactedError, UnavailableError } from '../errors.ts';
import { prefixEnd } from './keys.ts';

export interface WatchDeps {
  client: WatchClient;
  compactedRevision: () => number;
  /** Records a compaction etcd reported, so compactedRevision() learns of compactions by others. */
  observeCompaction: (revision: number) => void;
  /** Waits before reopening a broken stream; injected so tests need not sleep. */
  sleep: (ms: number) => Promise<void>;
}

type Outcome =
  | { kind: 'events'; events: IEvent[] }
  | { kind: 'compacted'; compactRevision: number }
  | { kind: 'broken'; error: unknown }
  | { kind: 'canceled'; reason: string }
  | { kind: 'aborted' };

/** Consecutive failed reopenings before the watch gives up with UnavailableError. */
const maxReopenAttempts = 10;
const reopenDelayMs = (attempt: number): number => Math.min(50 * 2 ** attempt, 1000);
/** Pause the gRPC stream while this many responses wait for a slow consumer; resume when drained. */
const pauseAt = 64;

export async function* watchPrefix(deps: WatchDeps, prefix: string, afterRevision: number, signal?: AbortSignal): AsyncGenerator<WatchEvent> {
  if (signal?.aborted) return;
  // etcd only refuses start revisions below its compaction point; the contract also drops the event
  // at the compacted revision itself, so a watch that needs it must fail too.
  const compacted = deps.compactedRevision();
  if (afterRevision < compacted) throw new CompactedError(afterRevision, compacted);
  let last = afterRevision;
  let failures = 0;
  while (!signal?.aborted) {
    const session = await WatchSession.open(deps.client, prefix, last + 1, signal).catch((error: unknown) => ({ error }));
    if ('error' in session) {
      if (++failures > maxReopenAttempts) throw new UnavailableError('etcd watch could not be reopened', session.error);
      await deps.sleep(reopenDelayMs(failures));
      continue;
    }
    try {
      for (;;) {
        const outcome = await session.take();
        if (outcome.kind === 'aborted') return;
        if (outcome.kind === 'compacted') {
          deps.observeCompaction(outcome.compactRevision);
          throw new CompactedError(last, outcome.compactRevision);
        }
        if (outcome.kind === 'canceled') throw new Error(`etcd canceled the watch on ${prefix}: ${outcome.reason}`);
        if (outcome.kind === 'broken') {
          if (++failures > maxReopenAttempts) throw new UnavailableError('etcd watch stream keeps breaking', outcome.error);
          await deps.sleep(reopenDelayMs(failures));
          break;
        }
        failures = 0;
        for (const event of outcome.events) {
          const mapped = toWatchEvent(event);
          if (mapped === undefined) {
            // etcd omits prev_kv when the previous revision was compacted meanwhile: history is gone.
            throw new CompactedError(last, deps.compactedRevision());
          }
          last = mapped.revision;
          yield mapped;
        }
      }
    } finally {
      session.close();
    }
  }
}

function toWatchEvent(event: IEvent): WatchEvent | undefined {
  const kv = event.kv;
  const prev: IKeyValue | null = event.prev_kv ?? null;
  const revision = Number(kv.mod_revision);
  const key = kv.key.toString();
  if (event.type === 'Delete') {
    if (!prev) return undefined;
    const value = prev.value.toString();
    return { type: 'delete', key, value, prevValue: value, revision, createRevision: Number(prev.create_revision) };
  }
  const created = kv.create_revision === kv.mod_revision;
  if (!created && !prev) return undefined;
  return {
    type: created ? 'create' : 'update',
    key,
    value: kv.value.toString(),
    prevValue: created ? undefined : prev!.value.toString(),
    revision,
    createRevision: Number(kv.create_revision),
  };
}

/** One gRPC watch stream, turned from callbacks into outcomes the generator awaits one at a time. */
class WatchSession {
  private readonly pending: Outcome[] = [];
  private wake: (() => void) | undefined;
  private done = false;
  private paused = false;
  private readonly onAbort = (): void => this.finish({ kind: 'aborted' });

  private constructor(
    private readonly stream: IDuplexStream<IWatchRequest, IWatchResponse>,
    private readonly signal: AbortSignal | undefined,
  ) {}

  static async open(client: WatchClient, prefix: string, startRevision: number, signal: AbortSignal | undefined): Promise<WatchSession> {
    const stream = await client.watch();
    const session = new WatchSession(stream, signal);
    stream.on('data', (res) => session.onResponse(res));
    stream.on('error', (error) => session.finish({ kind: 'broken', error }));
    stream.on('end', () => session.finish({ kind: 'broken', error: new Error('etcd ended the watch stream') }));
    signal?.addEventListener('abort', session.onAbort, { once: true });
    if (signal?.aborted) session.onAbort();
    stream.write({
      create_request: { key: Buffer.from(prefix), range_end: prefixEnd(prefix), start_revision: startRevision, prev_kv: true },
    });
    return session;
  }

  private onResponse(res: IWatchResponse): void {
    if (res.canceled) {
      const compactRevision = Number(res.compact_revision);
      this.finish(compactRevision > 0 ? { kind: 'compacted', compactRevision } : { kind: 'canceled', reason: res.cancel_reason });
    } else if (res.events.length > 0 && !this.done) {
      this.pending.push({ kind: 'events', events: res.events });
      if (this.pending.length >= pauseAt && !this.paused) {
        this.paused = true;
        (this.stream as unknown as Duplex).pause();
      }
      this.notify();
    }
  }

  private finish(outcome: Outcome): void {
    if (this.done) return;
    this.done = true;
    this.pending.push(outcome);
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  async take(): Promise<Outcome> {
    while (this.pending.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.paused && this.pending.length <= 1) {
      this.paused = false;
      (this.stream as unknown as Duplex).resume();
    }
    return this.pending.shift()!;
  }

  close(): void {
    this.done = true;
    this.signal?.removeEventListener('abort', this.onAbort);
    this.stream.cancel();
  }
}
