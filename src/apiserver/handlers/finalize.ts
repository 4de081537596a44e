// An object that is being deleted goes away once nothing holds it: no finalizers left (and for
// namespaces, no spec.finalizers either).
import type { ResourceType } from '../../api/schema/types.ts';
import type { KubeObject } from '../objects/codec.ts';
import type { ObjectStore } from '../objects/store.ts';
import { ApiError } from '../status.ts';

export function readyToRemove(rt: ResourceType, obj: KubeObject): boolean {
  if (!obj.metadata.deletionTimestamp || (obj.metadata.finalizers?.length ?? 0) > 0) return false;
  if (rt.group === '' && rt.kind === 'Namespace') return (((obj.spec as { finalizers?: string[] }) ?? {}).finalizers?.length ?? 0) === 0;
  // A pod on a node waits for its node agent to confirm the containers stopped (grace period 0).
  if (rt.group === '' && rt.kind === 'Pod' && (obj.spec as { nodeName?: string })?.nodeName) return obj.metadata.deletionGracePeriodSeconds === 0;
  return true;
}

/** Removes the object if it is ready; returns whether it was removed. A concurrent change wins. */
export async function removeIfFinalized(store: ObjectStore, rt: ResourceType, obj: KubeObject): Promise<boolean> {
  if (!readyToRemove(rt, obj)) return false;
  try {
    await store.delete(rt, obj.metadata.namespace, obj.metadata.name!, Number(obj.metadata.resourceVersion));
    return true;
  } catch (err) {
    if (err instanceof ApiError && (err.code === 404 || err.code === 409)) return false;
    throw err;
  }
}
