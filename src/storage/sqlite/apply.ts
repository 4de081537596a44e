// What the three write verbs share while a batch is being applied inside one transaction.

import type { WatchEvent } from '../backend.ts';
import type { Row } from './rows.ts';
import type { Statements } from './statements.ts';

export interface ApplyContext {
  stmts: Statements;
  /** Takes the next revision for a write that passed its precondition. */
  nextRevision(): number;
}

/** A write's effect: what its caller is told and the event watchers get once the batch commits. */
export interface Applied<T> {
  result: T;
  event: WatchEvent;
}

/** The key's newest row including this batch's earlier writes, or undefined when it is absent or deleted. */
export function liveRow(ctx: ApplyContext, key: string): Row | undefined {
  const row = ctx.stmts.latestAt.get(key, Number.MAX_SAFE_INTEGER);
  return row && !row.deleted ? row : undefined;
}

/** Appends the row built for the next revision (a create's createRevision is its own revision). */
export function appendRow(ctx: ApplyContext, build: (revision: number) => Omit<Row, 'id'>): Row {
  const id = ctx.nextRevision();
  const full: Row = { id, ...build(id) };
  ctx.stmts.insert.run(full.id, full.key, full.created, full.deleted, full.create_revision, full.prev_revision, full.value, full.expires_at);
  return full;
}
