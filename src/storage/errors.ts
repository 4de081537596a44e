// Typed storage errors. The API server maps each to a Kubernetes Status at its edge
// (KeyExists → 409 AlreadyExists, Conflict → 409 Conflict, Compacted → 410 Expired, …).

import type { KeyValue } from './backend.ts';

export class StorageError extends Error {
  override name = 'StorageError';
}

/** create() found the key already present. */
export class KeyExistsError extends StorageError {
  override name = 'KeyExistsError';
  constructor(readonly key: string) {
    super(`key ${key} already exists`);
  }
}

/** The key does not exist (update or delete of a missing key). */
export class KeyNotFoundError extends StorageError {
  override name = 'KeyNotFoundError';
  constructor(readonly key: string) {
    super(`key ${key} not found`);
  }
}

/** update()/delete() was given an expected revision that is no longer the key's revision. */
export class ConflictError extends StorageError {
  override name = 'ConflictError';
  constructor(
    readonly key: string,
    readonly expectedRevision: number,
    /** The key's current state, so a caller can retry without another read. */
    readonly current: KeyValue | undefined,
  ) {
    super(`key ${key} was modified: expected revision ${expectedRevision}, found ${current?.modRevision ?? 'none'}`);
  }
}

/** A read or watch asked for history older than the compacted revision. */
export class CompactedError extends StorageError {
  override name = 'CompactedError';
  constructor(
    readonly requestedRevision: number,
    readonly compactedRevision: number,
  ) {
    super(`revision ${requestedRevision} has been compacted; the oldest available revision is ${compactedRevision + 1}`);
  }
}

/** A read asked for a revision that does not exist yet. */
export class FutureRevisionError extends StorageError {
  override name = 'FutureRevisionError';
  constructor(
    readonly requestedRevision: number,
    readonly currentRevision: number,
  ) {
    super(`revision ${requestedRevision} is newer than the current revision ${currentRevision}`);
  }
}

/** The caller's input is unacceptable: a malformed key, a value that is not JSON, a value too large. */
export class InvalidInputError extends StorageError {
  override name = 'InvalidInputError';
  constructor(
    readonly reason: 'InvalidKey' | 'InvalidValue' | 'ValueTooLarge' | 'InvalidContinue' | 'InvalidTTL',
    message: string,
  ) {
    super(message);
  }
}

/** The store cannot accept writes now (disk full, read-only, cluster without quorum). Nothing was written. */
export class UnavailableError extends StorageError {
  override name = 'UnavailableError';
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}
