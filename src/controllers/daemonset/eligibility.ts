// Which nodes a DaemonSet's pod belongs on (upstream NodeShouldRunDaemonPod): a template nodeName,
// nodeSelector and required node affinity must match, and the node's taints must be tolerated —
// counting the tolerations every daemon pod gets automatically (AddOrUpdateDaemonPodTolerations).
import type { Node, PodSpec, Toleration } from 'kubernetes-types/core/v1.d.ts';
import { matchesRequiredNodeAffinity } from '../../api/node-affinity.ts';
import type { DaemonSet } from 'kubernetes-types/apps/v1.d.ts';
import {
  findUntoleratedTaint, TAINT_DISK_PRESSURE, TAINT_MEMORY_PRESSURE, TAINT_NETWORK_UNAVAILABLE, TAINT_NOT_READY, TAINT_PID_PRESSURE, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE,
} from '../node-lifecycle/taints.ts';

/** The template's tolerations plus the ones every daemon pod gets (without duplicating any). */
export function daemonPodTolerations(spec: PodSpec | undefined): Toleration[] {
  const tolerations = structuredClone(spec?.tolerations ?? []) as Toleration[];
  const auto: Toleration[] = [
    { key: TAINT_NOT_READY, operator: 'Exists', effect: 'NoExecute' },
    { key: TAINT_UNREACHABLE, operator: 'Exists', effect: 'NoExecute' },
    { key: TAINT_DISK_PRESSURE, operator: 'Exists', effect: 'NoSchedule' },
    { key: TAINT_MEMORY_PRESSURE, operator: 'Exists', effect: 'NoSchedule' },
    { key: TAINT_PID_PRESSURE, operator: 'Exists', effect: 'NoSchedule' },
    { key: TAINT_UNSCHEDULABLE, operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (spec?.hostNetwork) auto.push({ key: TAINT_NETWORK_UNAVAILABLE, operator: 'Exists', effect: 'NoSchedule' });
  for (const t of auto) {
    // Upstream replaces a toleration with the same key and effect.
    const i = tolerations.findIndex((x) => x.key === t.key && x.effect === t.effect);
    if (i >= 0) tolerations[i] = t;
    else tolerations.push(t);
  }
  return tolerations;
}

/** spec.nodeSelector and required node affinity, evaluated as the scheduler does. */
export function matchesNodeSelection(spec: PodSpec | undefined, node: Node): boolean {
  return matchesRequiredNodeAffinity({ spec: spec ?? { containers: [] } }, node);
}

export interface Placement {
  /** A daemon pod should be created here. */
  shouldRun: boolean;
  /** A daemon pod already here may stay. */
  shouldContinueRunning: boolean;
}

export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSet): Placement {
  const spec = ds.spec?.template?.spec;
  if (spec?.nodeName && spec.nodeName !== node.metadata?.name) return { shouldRun: false, shouldContinueRunning: false };
  if (!matchesNodeSelection(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = node.spec?.taints ?? [];
  const tolerations = daemonPodTolerations(spec);
  if (findUntoleratedTaint(taints, tolerations, (t) => t.effect === 'NoExecute')) return { shouldRun: false, shouldContinueRunning: false };
  if (findUntoleratedTaint(taints, tolerations, (t) => t.effect === 'NoSchedule')) return { shouldRun: false, shouldContinueRunning: true };
  return { shouldRun: true, shouldContinueRunning: true };
}
