// The scheduler's Listers over shared informers, plus the queue events their changes raise
// (a new PVC, a labelled Namespace… may make a rejected pod schedulable).
import type { Namespace, PersistentVolume, PersistentVolumeClaim, ReplicationController, Service } from 'kubernetes-types/core/v1.d.ts';
import type { ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1.d.ts';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.d.ts';
import type { StorageClass } from 'kubernetes-types/storage/v1.d.ts';
import type { Informer, SharedInformerFactory } from '../client/index.ts';
import type { KubeObject } from '../client/resource.ts';
import type { EventResource } from './framework/events.ts';
import type { Listers } from './framework/listers.ts';

export type ObjectEventFn = (resource: EventResource, type: 'add' | 'update' | 'delete', oldObj: unknown, newObj: unknown) => void;

export function informerListers(informers: SharedInformerFactory, onEvent: ObjectEventFn): Listers {
  const watched = <T extends KubeObject>(group: string, version: string, kind: string, resource?: EventResource): Informer<T> => {
    const inf = informers.informerForKind<T>(group, version, kind);
    if (resource) {
      inf.addEventHandler({
        onAdd: (o) => onEvent(resource, 'add', undefined, o),
        onUpdate: (o, n) => onEvent(resource, 'update', o, n),
        onDelete: (o) => onEvent(resource, 'delete', o, undefined),
      });
    }
    return inf;
  };
  const namespaces = watched<Namespace>('', 'v1', 'Namespace', 'Namespace');
  const pvcs = watched<PersistentVolumeClaim>('', 'v1', 'PersistentVolumeClaim', 'PersistentVolumeClaim');
  const pvs = watched<PersistentVolume>('', 'v1', 'PersistentVolume', 'PersistentVolume');
  const classes = watched<StorageClass>('storage.k8s.io', 'v1', 'StorageClass', 'StorageClass');
  const pdbs = watched<PodDisruptionBudget>('policy', 'v1', 'PodDisruptionBudget', 'PodDisruptionBudget');
  const services = watched<Service>('', 'v1', 'Service');
  const rcs = watched<ReplicationController>('', 'v1', 'ReplicationController');
  const rss = watched<ReplicaSet>('apps', 'v1', 'ReplicaSet');
  const sss = watched<StatefulSet>('apps', 'v1', 'StatefulSet');
  return {
    namespace: (name) => namespaces.store.getByName(undefined, name),
    persistentVolumeClaim: (ns, name) => pvcs.store.getByName(ns, name),
    persistentVolume: (name) => pvs.store.getByName(undefined, name),
    storageClass: (name) => classes.store.getByName(undefined, name),
    podDisruptionBudgets: () => pdbs.store.list(),
    services: (ns) => services.store.list(undefined, ns),
    replicationControllers: (ns) => rcs.store.list(undefined, ns),
    replicaSets: (ns) => rss.store.list(undefined, ns),
    statefulSets: (ns) => sss.store.list(undefined, ns),
  };
}
