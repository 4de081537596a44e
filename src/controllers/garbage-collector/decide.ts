// What to do with an object whose owners have been looked up (upstream: attemptToDeleteItem's
// classifyReferences and the switch after it). Pure, so every branch is tested without a server.
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from './graph.ts';

/**
 * solid: the owner exists and is not waiting for its dependents; dangling: it is gone (or its uid
 * changed); waiting: it is being deleted in the foreground.
 */
export type OwnerState = 'solid' | 'dangling' | 'waiting';

export type Propagation = 'Background' | 'Foreground' | 'Orphan';

export type Decision =
  | { action: 'none' }
  /** Keep the object (a solid owner holds it) but drop the references to owners that are going. */
  | { action: 'removeOwnerReferences'; uids: string[] }
  /** Delete it; first make `unblock` references non-blocking to break a foreground cycle. */
  | { action: 'delete'; policy: Propagation; unblock: string[] };

export interface DecisionInput {
  owners: { uid: string; state: OwnerState }[];
  /** The object's own finalizers (a deletion already asked for is honoured). */
  finalizers: readonly string[];
  /** The object has dependents of its own in the graph. */
  hasDependents: boolean;
  /** One of those dependents is itself being deleted in the foreground. */
  aDependentIsDeletingDependents: boolean;
}

export function decide(input: DecisionInput): Decision {
  const uidsIn = (state: OwnerState) => input.owners.filter((o) => o.state === state).map((o) => o.uid);
  const solid = uidsIn('solid');
  const dangling = uidsIn('dangling');
  const waiting = uidsIn('waiting');
  if (input.owners.length === 0) return { action: 'none' };
  if (solid.length > 0) {
    const going = [...dangling, ...waiting];
    return going.length === 0 ? { action: 'none' } : { action: 'removeOwnerReferences', uids: going };
  }
  if (waiting.length > 0 && input.hasDependents) {
    // Its dependents must go before it, so it is deleted in the foreground as well. If one of them is
    // already waiting on its own dependents, a reference cycle could deadlock: unblock ours first.
    return { action: 'delete', policy: 'Foreground', unblock: input.aDependentIsDeletingDependents ? waiting : [] };
  }
  let policy: Propagation = 'Background';
  if (input.finalizers.includes(ORPHAN_FINALIZER)) policy = 'Orphan';
  else if (input.finalizers.includes(FOREGROUND_FINALIZER)) policy = 'Foreground';
  return { action: 'delete', policy, unblock: [] };
}
