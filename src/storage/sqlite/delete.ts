// delete: append a deleted row carrying the deleted value, optionally only at an expected revision.

import type { KeyValue } from '../backend.ts';
import { ConflictError, KeyNotFoundError } from '../errors.ts';
import { appendRow, liveRow, type Applied, type ApplyContext } from './apply.ts';
import { event, toKeyValue } from './rows.ts';

export interface DeleteOp {
  verb: 'delete';
  key: string;
  expectedRevision: number | undefined;
}

export function applyDelete(ctx: ApplyContext, op: DeleteOp): Applied<{ revision: number; deleted: KeyValue }> {
  const current = liveRow(ctx, op.key);
  if (!current) throw new KeyNotFoundError(op.key);
  if (op.expectedRevision !== undefined && current.id !== op.expectedRevision) {
    throw new ConflictError(op.key, op.expectedRevision, toKeyValue(current));
  }
  const row = appendRow(ctx, () => ({
    key: op.key,
    created: 0,
    deleted: 1,
    create_revision: current.create_revision,
    prev_revision: current.id,
    value: current.value,
    expires_at: null,
  }));
  return { result: { revision: row.id, deleted: toKeyValue(current) }, event: event('delete', row, current.value) };
}
