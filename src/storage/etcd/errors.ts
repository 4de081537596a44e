// Turns what etcd and the etcd3 client throw into the typed storage errors of src/storage/errors.ts.
// etcd reports most conditions only as a gRPC status plus a message, so the messages matched here are
// etcd's own (server/etcdserver/api/v3rpc/rpctypes/error.go in etcd v3.4).

import { isRecoverableError } from 'etcd3';
import { CompactedError, FutureRevisionError, InvalidInputError, StorageError, UnavailableError } from '../errors.ts';

/** Revisions the caller asked for, so a CompactedError/FutureRevisionError can name them. */
export interface ErrorContext {
  requestedRevision?: number;
  compactedRevision: () => number;
  currentRevision?: number;
}

const unavailableMessages = [
  'etcdserver: no leader',
  'etcdserver: leader changed',
  'etcdserver: request timed out',
  'etcdserver: too many requests',
  'etcdserver: server stopped',
  'etcdserver: not capable',
  // The NOSPACE alarm: etcd refuses every write until an operator defragments; nothing was written.
  'etcdserver: mvcc: database space exceeded',
];

function isCompactedMessage(message: string): boolean {
  return message.includes('required revision has been compacted');
}

export function toStorageError(err: unknown, context: ErrorContext): Error {
  if (err instanceof StorageError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (isCompactedMessage(message)) {
    return new CompactedError(context.requestedRevision ?? 0, context.compactedRevision());
  }
  if (message.includes('required revision is a future revision')) {
    return new FutureRevisionError(context.requestedRevision ?? 0, context.currentRevision ?? 0);
  }
  if (message.includes('etcdserver: request is too large')) {
    return new InvalidInputError('ValueTooLarge', message);
  }
  // BrokenCircuitError comes from the etcd3 pool once every endpoint has failed repeatedly.
  const name = err instanceof Error ? err.constructor.name : '';
  if ((err instanceof Error && isRecoverableError(err)) || name === 'BrokenCircuitError' || unavailableMessages.some((m) => message.includes(m))) {
    return new UnavailableError(`etcd unavailable: ${message}`, err);
  }
  return err instanceof Error ? err : new Error(message);
}
