// get: the key's newest row at or below the read revision, unless that row is a delete.

import type { KeyValue } from '../backend.ts';
import { readRevision, type RevisionWindow } from './read-revision.ts';
import { toKeyValue } from './rows.ts';
import { guard } from './sqlite-errors.ts';
import type { Statements } from './statements.ts';

export function getKey(stmts: Statements, window: RevisionWindow, key: string, requested: number | undefined): KeyValue | undefined {
  const revision = readRevision(requested, window);
  const row = guard('reading a key', () => stmts.latestAt.get(key, revision));
  return row && !row.deleted ? toKeyValue(row) : undefined;
}
