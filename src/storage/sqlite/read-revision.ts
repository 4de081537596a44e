// Which revision a read runs at, and the typed errors for revisions outside the readable window.

import { CompactedError, FutureRevisionError } from '../errors.ts';

export interface RevisionWindow {
  current: number;
  compacted: number;
}

/** Resolves an optional requested revision against the window [compacted, current]. */
export function readRevision(requested: number | undefined, window: RevisionWindow): number {
  if (requested === undefined || requested === 0) return window.current;
  if (requested > window.current) throw new FutureRevisionError(requested, window.current);
  if (requested < window.compacted) throw new CompactedError(requested, window.compacted);
  return requested;
}
