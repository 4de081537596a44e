// The few live calls the garbage collector makes, behind an interface so unit tests use an in-memory
// fake. Everything it reads to decide is fetched fresh: the informer caches only say where to look.
import { isConflict, isNotFound, type ApiClient, type KubeObject, type ResourceRef } from '../../client/index.ts';
import type { Propagation } from './decide.ts';

export interface GcApi {
  /** The live object, or undefined when it does not exist. */
  get(resource: ResourceRef, namespace: string | undefined, name: string): Promise<KubeObject | undefined>;
  /** Deletes exactly this uid with the given propagation; an object already gone (or replaced) is fine. */
  delete(resource: ResourceRef, namespace: string | undefined, name: string, uid: string, policy: Propagation): Promise<void>;
  /** A strategic merge patch; an object already gone is fine. */
  patch(resource: ResourceRef, namespace: string | undefined, name: string, body: unknown): Promise<void>;
}

export function liveGcApi(client: ApiClient): GcApi {
  const at = (resource: ResourceRef, namespace: string | undefined) => client.resource(resource, resource.namespaced ? namespace : undefined);
  return {
    async get(resource, namespace, name) {
      try {
        return await at(resource, namespace).get(name);
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    async delete(resource, namespace, name, uid, policy) {
      try {
        await at(resource, namespace).delete(name, { propagationPolicy: policy, preconditions: { uid } });
      } catch (err) {
        // 409: the uid precondition failed, so the object we meant is gone already.
        if (!isNotFound(err) && !isConflict(err)) throw err;
      }
    },
    async patch(resource, namespace, name, body) {
      try {
        await at(resource, namespace).patch(name, body, 'strategic');
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    },
  };
}
