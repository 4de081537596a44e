// DaemonSet status as upstream counts it: per node that should run the pod, whether one is there,
// ready, available and of the current revision; pods on nodes that should not run it are misscheduled.
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { DaemonSet, DaemonSetStatus } from 'kubernetes-types/apps/v1.d.ts';
import { isPodReady } from '../endpoints/pods.ts';
import { nodeShouldRunDaemonPod } from './eligibility.ts';
import { isPodAvailable, isUpdated, oldestFirst } from './pods.ts';

export function computeStatus(ds: DaemonSet, nodes: readonly Node[], nodeToPods: Map<string, Pod[]>, hash: string, now: number): DaemonSetStatus {
  let desired = 0;
  let current = 0;
  let misscheduled = 0;
  let ready = 0;
  let available = 0;
  let updated = 0;
  const minReadySeconds = ds.spec?.minReadySeconds ?? 0;
  for (const node of nodes) {
    const pods = [...(nodeToPods.get(node.metadata!.name!) ?? [])].sort(oldestFirst);
    const { shouldRun } = nodeShouldRunDaemonPod(node, ds);
    if (!shouldRun) {
      if (pods.length > 0) misscheduled++;
      continue;
    }
    desired++;
    const pod = pods[0];
    if (!pod) continue;
    current++;
    if (isPodReady(pod)) ready++;
    if (isPodAvailable(pod, minReadySeconds, now)) available++;
    if (isUpdated(pod, hash)) updated++;
  }
  const status: DaemonSetStatus = {
    currentNumberScheduled: current,
    desiredNumberScheduled: desired,
    numberMisscheduled: misscheduled,
    numberReady: ready,
    numberAvailable: available,
    numberUnavailable: desired - available,
    updatedNumberScheduled: updated,
    observedGeneration: ds.metadata?.generation,
  };
  if (ds.status?.collisionCount) status.collisionCount = ds.status.collisionCount;
  return status;
}
