// Every SQL statement the backend runs, prepared once per connection.

import type { Statement } from 'better-sqlite3';
import type { DB } from './schema.ts';
import type { HistoryRow, Row } from './rows.ts';

export interface Statements {
  /** Newest row of a key at or below a revision. */
  latestAt: Statement<[key: string, revision: number], Row>;
  insert: Statement<[id: number, key: string, created: number, deleted: number, createRevision: number, prevRevision: number, value: string, expiresAt: number | null]>;
  /** Live keys in [lo, hi) after a key, as of a revision, in key order. */
  listPage: Statement<{ lo: string; hi: string; after: string; rev: number; limit: number }, Row>;
  countLive: Statement<{ lo: string; hi: string; after: string; rev: number }, { n: number }>;
  /** Events after a revision for keys in [lo, hi), with the value each replaced. */
  history: Statement<{ after: number; lo: string; hi: string; limit: number }, HistoryRow>;
  /** Live keys whose newest row has expired. */
  expired: Statement<{ now: number; limit: number }, { id: number; key: string }>;
  maxRevision: Statement<[], { id: number | null }>;
  setMeta: Statement<[name: string, value: number]>;
  compactSuperseded: Statement<[lo: number, hi: number]>;
  compactDeletes: Statement<[lo: number, hi: number]>;
}

// The correlated MAX(id) picks each key's newest row at the read revision; walking kv_key_id in key
// order lets LIMIT stop the scan early.
const LIVE_AT = `
  FROM kv AS a
  WHERE a.key >= :lo AND a.key < :hi AND a.key > :after AND a.id <= :rev AND a.deleted = 0
    AND a.id = (SELECT MAX(b.id) FROM kv AS b WHERE b.key = a.key AND b.id <= :rev)`;

export function prepareStatements(db: DB): Statements {
  return {
    latestAt: db.prepare('SELECT * FROM kv WHERE key = ? AND id <= ? ORDER BY id DESC LIMIT 1'),
    insert: db.prepare('INSERT INTO kv (id, key, created, deleted, create_revision, prev_revision, value, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    listPage: db.prepare(`SELECT a.* ${LIVE_AT} ORDER BY a.key LIMIT :limit`),
    countLive: db.prepare(`SELECT COUNT(*) AS n ${LIVE_AT}`),
    history: db.prepare(`
      SELECT a.*, CASE WHEN a.created = 1 THEN NULL ELSE p.value END AS prev_value
      FROM kv AS a LEFT JOIN kv AS p ON p.id = a.prev_revision
      WHERE a.id > :after AND a.key >= :lo AND a.key < :hi
      ORDER BY a.id LIMIT :limit`),
    expired: db.prepare(`
      SELECT a.id, a.key FROM kv AS a
      WHERE a.expires_at IS NOT NULL AND a.expires_at <= :now AND a.deleted = 0
        AND a.id = (SELECT MAX(b.id) FROM kv AS b WHERE b.key = a.key)
      ORDER BY a.expires_at LIMIT :limit`),
    maxRevision: db.prepare('SELECT MAX(id) AS id FROM kv'),
    setMeta: db.prepare('INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value'),
    // A row at or below the compaction revision that a later row (also at or below it) replaced is no
    // longer anyone's state at a readable revision.
    compactSuperseded: db.prepare('DELETE FROM kv WHERE id IN (SELECT prev_revision FROM kv WHERE id > ? AND id <= ?)'),
    // A delete at or below the compaction revision: the key is simply absent at every readable revision.
    compactDeletes: db.prepare('DELETE FROM kv WHERE id > ? AND id <= ? AND deleted = 1'),
  };
}
