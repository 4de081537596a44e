// Controller references and the adopt/release dance (upstream ControllerRefManager): a controller
// claims the objects its selector matches that nobody controls, and lets go of the ones it controls
// that no longer match. Objects controlled by someone else are never touched.
import type { OwnerReference } from 'kubernetes-types/meta/v1.d.ts';
import type { Selector } from '../../api/selectors/index.ts';
import { isNotFound, type KubeObject } from '../../client/index.ts';

export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}

/** The reference a controller puts on what it creates (upstream metav1.NewControllerRef). */
export function controllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion ?? '',
    kind: owner.kind ?? '',
    name: owner.metadata?.name ?? '',
    uid: owner.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** Strategic merge patch that adds the owner's controller reference (ownerReferences merge on uid). */
export function adoptPatch(owner: KubeObject, obj: KubeObject): unknown {
  return { metadata: { ownerReferences: [controllerRef(owner)], uid: obj.metadata?.uid } };
}

/** Strategic merge patch that removes the owner's reference. */
export function releasePatch(owner: KubeObject, obj: KubeObject): unknown {
  return { metadata: { ownerReferences: [{ $patch: 'delete', uid: owner.metadata?.uid }], uid: obj.metadata?.uid } };
}

export interface ClaimOps<T extends KubeObject> {
  /** Rechecks (once, from the API) that the owner still exists and is not being deleted; throws if not. */
  canAdopt(): Promise<void>;
  adopt(obj: T): Promise<void>;
  release(obj: T): Promise<void>;
}

/**
 * The objects `owner` should manage: those it controls that match, plus orphans that match (adopted).
 * Controlled objects that stopped matching are released. Errors are collected; the first is thrown
 * after every object has been considered, as upstream aggregates them.
 */
export async function claimObjects<T extends KubeObject>(owner: KubeObject, selector: Selector, objects: readonly T[], ops: ClaimOps<T>): Promise<T[]> {
  const claimed: T[] = [];
  const errors: unknown[] = [];
  const ownerUid = owner.metadata?.uid;
  const ownerDeleting = Boolean(owner.metadata?.deletionTimestamp);
  let adoptable: Promise<void> | undefined;
  for (const obj of objects) {
    const ref = controllerOf(obj);
    const matches = selector.matches(obj.metadata?.labels);
    try {
      if (ref) {
        if (ref.uid !== ownerUid) continue;
        if (matches) claimed.push(obj);
        else if (!ownerDeleting) await ignoreNotFound(ops.release(obj));
        continue;
      }
      if (ownerDeleting || !matches || obj.metadata?.deletionTimestamp) continue;
      if (obj.metadata?.namespace !== owner.metadata?.namespace) continue;
      await (adoptable ??= ops.canAdopt());
      if (await ignoreNotFound(ops.adopt(obj))) claimed.push(obj);
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length) throw errors[0];
  return claimed;
}

/** True when done, false when the object is already gone. */
async function ignoreNotFound(p: Promise<void>): Promise<boolean> {
  try {
    await p;
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}
