// Removing a deleted CRD's objects, as upstream's finalizer controller does: each object without
// finalizers is deleted; one with finalizers is marked (deletionTimestamp) for its owners to finish.
import type { ResourceType } from '../../api/schema/types.ts';
import { rfc3339 } from '../objects/lifecycle.ts';
import type { ObjectStore } from '../objects/store.ts';
import { ApiError } from '../status.ts';

/** Deletes what it can; returns how many objects remain (held by finalizers). */
export async function deleteInstances(store: ObjectStore, rt: ResourceType, now: Date): Promise<number> {
  const { items } = await store.list(rt, undefined, {});
  let remaining = 0;
  for (const obj of items) {
    const { namespace, name, finalizers, deletionTimestamp } = obj.metadata;
    try {
      if ((finalizers?.length ?? 0) === 0) {
        await store.delete(rt, namespace, name!, Number(obj.metadata.resourceVersion));
        continue;
      }
      remaining++;
      if (!deletionTimestamp) {
        await store.update(rt, namespace, name!, (current) => {
          current.metadata.deletionTimestamp ??= rfc3339(now);
          current.metadata.deletionGracePeriodSeconds ??= 0;
          return current;
        });
      }
    } catch (err) {
      // Changed or gone meanwhile: the next pass sees the new state.
      if (!(err instanceof ApiError && (err.code === 404 || err.code === 409))) throw err;
      if (err.code === 409) remaining++;
    }
  }
  return remaining;
}
