// create: append a created row unless the key is live.

import { KeyExistsError } from '../errors.ts';
import { appendRow, liveRow, type Applied, type ApplyContext } from './apply.ts';
import { event } from './rows.ts';

export interface CreateOp {
  verb: 'create';
  key: string;
  value: string;
  expiresAt: number | null;
}

export function applyCreate(ctx: ApplyContext, op: CreateOp): Applied<number> {
  if (liveRow(ctx, op.key)) throw new KeyExistsError(op.key);
  const row = appendRow(ctx, (revision) => ({
    key: op.key,
    created: 1,
    deleted: 0,
    create_revision: revision,
    prev_revision: 0,
    value: op.value,
    expires_at: op.expiresAt,
  }));
  return { result: row.id, event: event('create', row, undefined) };
}
