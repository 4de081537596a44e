// TTL expiry: a periodic sweep finds live keys whose newest row has passed its deadline and deletes
// each through the ordinary write path at that row's revision, so expiry is a normal delete event and
// a key rewritten since the sweep looked is left alone (the delete fails its precondition).

import { UnavailableError } from '../errors.ts';
import type { Clock } from './clock.ts';
import { guard } from './sqlite-errors.ts';
import type { Statements } from './statements.ts';
import type { WriteQueue } from './write-queue.ts';

export interface SweeperOptions {
  stmts: Statements;
  clock: Clock;
  writes: WriteQueue;
  /** Keys expired per sweep; the rest wait for the next one. */
  batch: number;
  /** Reports a sweep that could not run (the store is unavailable); the next sweep retries. */
  onError: (err: unknown) => void;
}

export function sweepExpired(opts: SweeperOptions): void {
  let expired: { id: number; key: string }[];
  try {
    expired = guard('finding expired keys', () => opts.stmts.expired.all({ now: opts.clock.now(), limit: opts.batch }));
  } catch (err) {
    opts.onError(err);
    return;
  }
  for (const { id, key } of expired) {
    opts.writes.submit({ verb: 'delete', key, expectedRevision: id }).catch((err: unknown) => {
      // A conflict or not-found means the key changed after the sweep read it: nothing to expire.
      if (err instanceof UnavailableError) opts.onError(err);
    });
  }
}

/** Converts a TTL to the absolute deadline stored with the row. */
export function expiresAt(clock: Clock, ttlSeconds: number | undefined): number | null {
  return ttlSeconds === undefined ? null : clock.now() + ttlSeconds * 1000;
}
