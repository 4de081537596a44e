// Shared plumbing for the backend conformance suite: how a section gets a fresh backend, and small
// helpers for draining watches without ever asserting on timing (timeouts only stop hangs).

import type { Backend, WatchEvent } from '../backend.ts';

export interface OpenedBackend {
  backend: Backend;
  cleanup: () => Promise<void>;
  /**
   * Moves the backend's clock forward (TTL tests). Backends on real time (etcd leases) leave this out
   * and the suite waits for real expiry instead.
   */
  advanceTime?: (ms: number) => void | Promise<void>;
}

export type Opener = () => Promise<OpenedBackend>;

export interface ConformanceOptions {
  /** TTL used by the expiry tests; etcd rounds leases up to its minimum, so keep it small. Default 1. */
  ttlSeconds?: number;
  /** Writes observed by each of the 5 watchers in the fan-out test. Default 10,000. */
  watchFanoutWrites?: number;
  /** Concurrent compare-and-swap writers on one key. Default 100. */
  casWriters?: number;
  /** Attempts per CAS writer. Default 10. */
  casAttemptsPerWriter?: number;
  /** Upper bound for any single test, only to turn a hang into a failure. Default 120 s. */
  timeoutMs?: number;
}

export type ResolvedOptions = Required<ConformanceOptions>;

export function resolveOptions(opts: ConformanceOptions | undefined): ResolvedOptions {
  return {
    ttlSeconds: opts?.ttlSeconds ?? 1,
    watchFanoutWrites: opts?.watchFanoutWrites ?? 10_000,
    casWriters: opts?.casWriters ?? 100,
    casAttemptsPerWriter: opts?.casAttemptsPerWriter ?? 10,
    timeoutMs: opts?.timeoutMs ?? 120_000,
  };
}

/** Runs body against a freshly opened backend and always cleans up, even when body fails. */
export async function withBackend(open: Opener, body: (opened: OpenedBackend) => Promise<void>): Promise<void> {
  const opened = await open();
  try {
    await body(opened);
  } finally {
    await opened.cleanup();
  }
}

/** JSON text for a small object; every value the suite writes is valid JSON. */
export function json(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * Collects events from a watch until `done` says so (or `count` events arrived), aborting the watch
 * afterwards. Rejects when the watch ends early or throws, so a missing event fails instead of hanging.
 */
export async function collect(
  backend: Backend,
  prefix: string,
  afterRevision: number,
  until: number | ((events: WatchEvent[]) => boolean),
  timeoutMs = 60_000,
): Promise<WatchEvent[]> {
  const done = typeof until === 'number' ? (events: WatchEvent[]) => events.length >= until : until;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const events: WatchEvent[] = [];
  try {
    if (done(events)) return events;
    for await (const event of backend.watch(prefix, afterRevision, { signal: controller.signal })) {
      events.push(event);
      if (done(events)) return events;
    }
    throw new Error(`watch ended after ${events.length} events without reaching its goal`);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

/** Drives `worker(i)` for i in [0, n) with at most `concurrency` in flight. */
export async function pool(n: number, concurrency: number, worker: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(n, concurrency) }, async () => {
    while (next < n) await worker(next++);
  });
  await Promise.all(lanes);
}

/** Asserts revisions are strictly increasing and returns them. */
export function revisionsOf(events: WatchEvent[]): number[] {
  return events.map((e) => e.revision);
}
