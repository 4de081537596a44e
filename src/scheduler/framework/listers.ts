// Read-only views of the other objects some plugins consult (upstream's SharedInformerFactory
// listers): namespaces for namespaceSelector, volumes for VolumeBinding, PodDisruptionBudgets for
// preemption, and the workload objects whose selectors make PodTopologySpread's default constraints.
import type { Namespace, PersistentVolume, PersistentVolumeClaim, ReplicationController, Service } from 'kubernetes-types/core/v1.d.ts';
import type { ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.d.ts';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.d.ts';
import type { StorageClass } from 'kubernetes-types/storage/v1.d.ts';

export interface Listers {
  namespace(name: string): Namespace | undefined;
  persistentVolumeClaim(namespace: string, name: string): PersistentVolumeClaim | undefined;
  persistentVolume(name: string): PersistentVolume | undefined;
  storageClass(name: string): StorageClass | undefined;
  podDisruptionBudgets(): PodDisruptionBudget[];
  services(namespace: string): Service[];
  replicationControllers(namespace: string): ReplicationController[];
  replicaSets(namespace: string): ReplicaSet[];
  statefulSets(namespace: string): StatefulSet[];
}

/** Listers over fixed lists, for tests and validation. */
export function staticListers(objs: {
  namespaces?: Namespace[];
  pvcs?: PersistentVolumeClaim[];
  pvs?: PersistentVolume[];
  storageClasses?: StorageClass[];
  pdbs?: PodDisruptionBudget[];
  services?: Service[];
  replicationControllers?: ReplicationController[];
  replicaSets?: ReplicaSet[];
  statefulSets?: StatefulSet[];
} = {}): Listers {
  const inNs = <T extends { metadata?: { namespace?: string } }>(list: T[] | undefined, ns: string) => (list ?? []).filter((o) => o.metadata?.namespace === ns);
  return {
    namespace: (name) => objs.namespaces?.find((n) => n.metadata?.name === name),
    persistentVolumeClaim: (ns, name) => objs.pvcs?.find((c) => c.metadata?.namespace === ns && c.metadata?.name === name),
    persistentVolume: (name) => objs.pvs?.find((v) => v.metadata?.name === name),
    storageClass: (name) => objs.storageClasses?.find((c) => c.metadata?.name === name),
    podDisruptionBudgets: () => objs.pdbs ?? [],
    services: (ns) => inNs(objs.services, ns),
    replicationControllers: (ns) => inNs(objs.replicationControllers, ns),
    replicaSets: (ns) => inNs(objs.replicaSets, ns),
    statefulSets: (ns) => inNs(objs.statefulSets, ns),
  };
}
