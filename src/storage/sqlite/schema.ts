// The on-disk layout: one append-only revision table (kine's design) whose integer primary key is the
// revision, plus a two-row meta table recording compaction progress.
//
// Every write appends a row; nothing is updated in place. A row is one event:
//   created=1          the key's first write of an incarnation (a create)
//   deleted=1          a delete; value holds the deleted value so history can report it
//   neither            an update; prev_revision points at the row it replaced (for the watch's prevValue)
// expires_at is the TTL deadline in ms since the epoch on the backend clock (NULL when none).

import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { guard } from './sqlite-errors.ts';

export type DB = Database.Database;

const DDL = `
CREATE TABLE IF NOT EXISTS kv (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL,
  created INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  create_revision INTEGER NOT NULL,
  prev_revision INTEGER NOT NULL,
  value TEXT NOT NULL,
  expires_at INTEGER
);
-- Point reads ("newest row of key at or below revision") and ordered prefix scans for list/count.
CREATE INDEX IF NOT EXISTS kv_key_id ON kv (key, id);
-- The TTL sweeper's "what has expired" scan stays proportional to the keys that have a TTL.
CREATE INDEX IF NOT EXISTS kv_expires ON kv (expires_at) WHERE expires_at IS NOT NULL;
-- compact_rev: reads below it are refused. compact_done: how far history cleanup has got (<= compact_rev).
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
`;

export interface Durability {
  /**
   * 'full' fsyncs the WAL on every commit: an acknowledged write survives kill -9 and power loss.
   * 'normal' only write()s the WAL: it survives kill -9 (the data is in the kernel's page cache) but the
   * last commits may be lost on power loss. See docs/storage.md.
   */
  synchronous: 'full' | 'normal';
}

export interface OpenedDatabase {
  db: DB;
  /** Highest revision ever assigned (a compacted-away tail still counts, so revisions are never reused). */
  revision: number;
  compactRevision: number;
  compactDone: number;
}

export function dbPath(dataDir: string): string {
  return join(dataDir, 'db', 'state.db');
}

export function openDatabase(dataDir: string, durability: Durability): OpenedDatabase {
  const path = dbPath(dataDir);
  return guard(`opening ${path}`, () => {
    mkdirSync(join(dataDir, 'db'), { recursive: true });
    const db = new Database(path);
    try {
      // One process owns the store: the in-memory revision counter and watch fan-out assume no other
      // writer. EXCLUSIVE holds the file lock from the first write until close, so a second kites on the
      // same data directory fails at open (SQLITE_BUSY) instead of corrupting revisions. It also keeps the
      // WAL index in process memory, so there is no -shm file.
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${durability.synchronous.toUpperCase()}`);
      // Bound the WAL file after checkpoints; without it a burst of writes leaves a large file behind.
      db.pragma('journal_size_limit = 67108864');
      db.pragma('busy_timeout = 0');
      db.transaction(() => db.exec(DDL)).immediate();
      const meta = new Map((db.prepare('SELECT name, value FROM meta').all() as { name: string; value: number }[]).map((r) => [r.name, r.value]));
      const compactRevision = meta.get('compact_rev') ?? 0;
      const maxId = (db.prepare('SELECT MAX(id) AS id FROM kv').get() as { id: number | null }).id ?? 0;
      return { db, revision: Math.max(maxId, compactRevision), compactRevision, compactDone: meta.get('compact_done') ?? 0 };
    } catch (err) {
      db.close();
      throw err;
    }
  });
}
