// What every cluster has from its first moment, created by the API server itself (as upstream's
// system-namespaces bootstrap does): the four system namespaces, the `kubernetes` Service and the
// system PriorityClasses.
import type { SchemaRegistry } from '../api/schema/registry.ts';
import type { ObjectStore } from './objects/store.ts';
import { prepareForCreate } from './objects/lifecycle.ts';
import { applyDefaults } from '../api/defaults/index.ts';
import { ApiError } from './status.ts';
import type { ServiceAllocations } from './services/strategy.ts';
import { SYSTEM_PRIORITY_CLASSES } from './admission.ts';

/** The `kubernetes` Service's cluster IP: the first address of the service range. */
export const KUBERNETES_SERVICE_IP = '10.43.0.1';

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

/** The `kubernetes` Service in `default`, through which pods reach the API server. */
export async function ensureKubernetesService(store: ObjectStore, registry: SchemaRegistry, services: ServiceAllocations, httpsPort: number, now: Date): Promise<void> {
  const rt = registry.resource('', 'v1', 'services')!;
  if (await store.tryGet(rt, 'default', 'kubernetes')) return;
  const svc = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { clusterIP: KUBERNETES_SERVICE_IP, ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: httpsPort }], type: 'ClusterIP', sessionAffinity: 'None' },
  };
  prepareForCreate(rt, svc, now);
  applyDefaults('', 'Service', svc);
  const claim = await services.allocate(svc);
  try {
    await store.create(rt, svc);
  } catch (err) {
    await services.releaseClaim(claim);
    if (!(err instanceof ApiError && err.code === 409)) throw err;
  }
}

/** The built-in PriorityClasses system-node-critical and system-cluster-critical (upstream's scheduling bootstrap). */
export async function ensureSystemPriorityClasses(store: ObjectStore, registry: SchemaRegistry, now: Date): Promise<void> {
  const rt = registry.resource('scheduling.k8s.io', 'v1', 'priorityclasses')!;
  for (const { name, value, description } of SYSTEM_PRIORITY_CLASSES) {
    if (await store.tryGet(rt, undefined, name)) continue;
    const pc = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value, description, preemptionPolicy: 'PreemptLowerPriority' };
    prepareForCreate(rt, pc, now);
    applyDefaults('scheduling.k8s.io', 'PriorityClass', pc);
    try {
      await store.create(rt, pc);
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 409)) throw err;
    }
  }
}
