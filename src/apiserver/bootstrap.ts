// What every cluster has from its first moment, created by the API server itself (as upstream's
// system-namespaces bootstrap does): the four system namespaces.
import type { SchemaRegistry } from '../api/schema/registry.ts';
import type { ObjectStore } from './objects/store.ts';
import { prepareForCreate } from './objects/lifecycle.ts';
import { applyDefaults } from '../api/defaults/index.ts';
import { ApiError } from './status.ts';

export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export async function ensureSystemNamespaces(store: ObjectStore, registry: SchemaRegistry, now: Date): Promise<void> {
  const rt = registry.resource('', 'v1', 'namespaces')!;
  for (const name of SYSTEM_NAMESPACES) {
    if (await store.tryGet(rt, undefined, name)) continue;
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'kubernetes.io/metadata.name': name } } };
    prepareForCreate(rt, ns, now);
    applyDefaults('', 'Namespace', ns);
    try {
      await store.create(rt, ns);
    } catch (err) {
      // Another server of the same cluster made it first.
      if (!(err instanceof ApiError && err.code === 409)) throw err;
    }
  }
}
