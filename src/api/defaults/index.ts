// applyDefaults(group, kind, obj): upstream's defaulting for built-in kinds, applied by the API
// server on create and update before validation. It mutates `obj`; callers pass their own copy.

import { defaultPod, defaultPodTemplateSpec } from './pod.ts';
import { defaultCronJob, defaultDaemonSet, defaultDeployment, defaultJob, defaultReplicaSet, defaultStatefulSet } from './workloads.ts';
import {
  defaultEndpoints,
  defaultHorizontalPodAutoscaler,
  defaultNamespace,
  defaultPersistentVolume,
  defaultPersistentVolumeClaim,
  defaultRoleBinding,
  defaultSecret,
  defaultService,
} from './core.ts';

type Defaulter = (obj: Record<string, any>) => void;

/** Keyed by "group/Kind" ("" is the core group). */
const DEFAULTERS: Record<string, Defaulter> = {
  '/Pod': defaultPod,
  '/PodTemplate': (o) => defaultPodTemplateSpec(o.template),
  '/ReplicationController': (o) => {
    const spec = o.spec ?? (o.spec = {});
    if (spec.replicas == null) spec.replicas = 1;
    defaultPodTemplateSpec(spec.template);
  },
  '/Service': defaultService,
  '/Namespace': defaultNamespace,
  '/Secret': defaultSecret,
  '/PersistentVolumeClaim': defaultPersistentVolumeClaim,
  '/PersistentVolume': defaultPersistentVolume,
  '/Endpoints': defaultEndpoints,
  'apps/Deployment': defaultDeployment,
  'apps/ReplicaSet': defaultReplicaSet,
  'apps/StatefulSet': defaultStatefulSet,
  'apps/DaemonSet': defaultDaemonSet,
  'batch/Job': defaultJob,
  'batch/CronJob': defaultCronJob,
  'rbac.authorization.k8s.io/RoleBinding': defaultRoleBinding,
  'rbac.authorization.k8s.io/ClusterRoleBinding': defaultRoleBinding,
  'autoscaling/HorizontalPodAutoscaler': defaultHorizontalPodAutoscaler,
};

export function applyDefaults(group: string, kind: string, obj: Record<string, any>): void {
  DEFAULTERS[`${group}/${kind}`]?.(obj);
}

export { defaultPullPolicy, defaultPodSpec, defaultPodTemplateSpec } from './pod.ts';
