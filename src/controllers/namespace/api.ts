// The live calls the namespace controller makes, behind an interface so unit tests use an in-memory
// fake. Which resources exist comes from discovery, as upstream's ServerPreferredNamespacedResources:
// the preferred version of every group, so custom resources are emptied too.
import type { Namespace } from 'kubernetes-types/core/v1.d.ts';
import type { APIGroupList, APIResourceList } from 'kubernetes-types/meta/v1.d.ts';
import { isNotFound, type ApiClient, type KubeObject, type ResourceRef } from '../../client/index.ts';

export interface DiscoveredResource extends ResourceRef {
  verbs: string[];
}

export interface Discovery {
  resources: DiscoveredResource[];
  /** "group/version: error" for each group-version that could not be read. */
  failures: string[];
}

export interface NamespaceApi {
  getNamespace(name: string): Promise<Namespace | undefined>;
  updateStatus(ns: Namespace): Promise<Namespace>;
  /** PUT namespaces/NAME/finalize: what the server answers (the namespace is removed once spec.finalizers is empty). */
  finalize(ns: Namespace): Promise<Namespace>;
  /** Namespaced resources (preferred versions) that can be listed and deleted. */
  discover(): Promise<Discovery>;
  list(resource: ResourceRef, namespace: string): Promise<KubeObject[]>;
  /** Background propagation, as upstream: the garbage collector takes care of what the objects own. */
  deleteCollection(resource: ResourceRef, namespace: string): Promise<void>;
  delete(resource: ResourceRef, namespace: string, name: string): Promise<void>;
}

export function liveNamespaceApi(client: ApiClient): NamespaceApi {
  const namespaces = client.forKind<Namespace>('', 'v1', 'Namespace');
  return {
    async getNamespace(name) {
      try {
        return await namespaces.get(name);
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    },
    updateStatus: (ns) => namespaces.updateStatus(ns),
    finalize: (ns) => client.http.request<Namespace>('PUT', namespaces.path(undefined, ns.metadata!.name!, 'finalize'), { body: { apiVersion: 'v1', kind: 'Namespace', ...ns } }),
    discover: () => discover(client),
    list: async (resource, namespace) => (await client.resource(resource, namespace).listAll()).items,
    async deleteCollection(resource, namespace) {
      await client.resource(resource, namespace).deleteCollection({ propagationPolicy: 'Background' });
    },
    async delete(resource, namespace, name) {
      try {
        await client.resource(resource, namespace).delete(name, { propagationPolicy: 'Background' });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    },
  };
}

async function discover(client: ApiClient): Promise<Discovery> {
  const groups = await client.http.request<APIGroupList>('GET', '/apis');
  const versions = [{ group: '', path: '/api/v1', gv: 'v1' }];
  for (const g of groups.groups) {
    const gv = g.preferredVersion?.groupVersion ?? g.versions[0]?.groupVersion;
    if (gv) versions.push({ group: g.name, path: `/apis/${gv}`, gv });
  }
  const failures: string[] = [];
  const perVersion = await Promise.all(
    versions.map(async ({ group, path, gv }): Promise<DiscoveredResource[]> => {
      try {
        const list = await client.http.request<APIResourceList>('GET', path);
        // Subresources ("pods/status") are not collections of their own.
        const deletable = list.resources.filter((r) => !r.name.includes('/') && r.namespaced && r.verbs.includes('list') && r.verbs.includes('delete'));
        return deletable.map((r) => ({ group, version: gv.slice(gv.indexOf('/') + 1), plural: r.name, namespaced: true, verbs: r.verbs }));
      } catch (err) {
        failures.push(`${gv}: ${err instanceof Error ? err.message : String(err)}`);
        return [];
      }
    }),
  );
  return { resources: perVersion.flat(), failures };
}
