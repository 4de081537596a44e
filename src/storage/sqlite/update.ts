// update: compare-and-swap on the key's modRevision.

import { ConflictError, KeyNotFoundError } from '../errors.ts';
import { appendRow, liveRow, type Applied, type ApplyContext } from './apply.ts';
import { event, toKeyValue } from './rows.ts';

export interface UpdateOp {
  verb: 'update';
  key: string;
  value: string;
  expectedRevision: number;
  expiresAt: number | null;
}

export function applyUpdate(ctx: ApplyContext, op: UpdateOp): Applied<number> {
  const current = liveRow(ctx, op.key);
  if (!current) throw new KeyNotFoundError(op.key);
  if (current.id !== op.expectedRevision) throw new ConflictError(op.key, op.expectedRevision, toKeyValue(current));
  const row = appendRow(ctx, () => ({
    key: op.key,
    created: 0,
    deleted: 0,
    create_revision: current.create_revision,
    prev_revision: current.id,
    value: op.value,
    expires_at: op.expiresAt,
  }));
  return { result: row.id, event: event('update', row, current.value) };
}
