// SQLite failures (disk full, read-only file system, I/O errors, a lock held by another process) are
// the store being unavailable, not a bug: they surface as UnavailableError and never crash the process.

import { UnavailableError } from '../errors.ts';

function sqliteCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** Returns err as an UnavailableError when it is a SQLite failure; anything else is a bug and is returned unchanged. */
export function asUnavailable(err: unknown, doing: string): unknown {
  const code = sqliteCode(err);
  if (code === undefined) return err;
  return new UnavailableError(`sqlite storage unavailable while ${doing}: ${code}: ${(err as Error).message}`, err);
}

/** Runs a synchronous SQLite read or write, translating SQLite failures. */
export function guard<T>(doing: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw asUnavailable(err, doing);
  }
}
