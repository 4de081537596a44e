// Every built-in resource, and the order in which upstream's discovery lists their groups.
import type { ResourceType } from '../types.ts';
import { clusterResources } from './cluster.ts';
import { coreResources } from './core.ts';
import { workloadResources } from './workloads.ts';

/** Fresh objects per call, so one registry's run-time changes never reach another. */
export function builtinResources(): ResourceType[] {
  return [...coreResources(), ...workloadResources(), ...clusterResources()];
}

/** Upstream kube-apiserver's group priority (the order of /apis); '' is the legacy core group. */
export const groupOrder: readonly string[] = [
  '',
  'apiregistration.k8s.io',
  'apps',
  'events.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'networking.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'node.k8s.io',
  'discovery.k8s.io',
  'flowcontrol.apiserver.k8s.io',
];
