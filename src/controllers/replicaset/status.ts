// A ReplicaSet's status from the pods it owns (upstream replica_set_utils.go calculateStatus):
// counts, the ReplicaFailure condition while creates or deletes fail, and when to look again so
// availableReplicas catches up once minReadySeconds pass.
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { ReplicaSet, ReplicaSetCondition, ReplicaSetStatus } from 'kubernetes-types/apps/v1.d.ts';
import { selectorFromSet } from '../../api/selectors/index.ts';
import { availableInMs, isPodReady, rfc3339 } from './pod-status.ts';

export function calculateStatus(rs: ReplicaSet, pods: readonly Pod[], manageError: unknown, now: number): ReplicaSetStatus {
  const templateLabels = selectorFromSet(rs.spec?.template?.metadata?.labels);
  const minReady = rs.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    if (templateLabels.matches(pod.metadata?.labels)) fullyLabeled++;
    if (isPodReady(pod)) {
      ready++;
      if (availableInMs(pod, minReady, now) === 0) available++;
    }
  }
  let conditions = [...(rs.status?.conditions ?? [])];
  const failure = conditions.find((c) => c.type === 'ReplicaFailure');
  if (manageError !== undefined && !failure) {
    const diff = pods.length - (rs.spec?.replicas ?? 1);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    const message = manageError instanceof Error ? manageError.message : String(manageError);
    const cond: ReplicaSetCondition = { type: 'ReplicaFailure', status: 'True', lastTransitionTime: rfc3339(now), reason, message };
    conditions.push(cond);
  } else if (manageError === undefined && failure) {
    conditions = conditions.filter((c) => c.type !== 'ReplicaFailure');
  }
  const status: ReplicaSetStatus = {
    replicas: pods.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
    observedGeneration: rs.status?.observedGeneration,
  };
  if (conditions.length) status.conditions = conditions;
  return status;
}

/** Same counts, observed generation and conditions (absent numbers are 0, as they serialize). */
export function statusEqual(a: ReplicaSetStatus | undefined, b: ReplicaSetStatus | undefined): boolean {
  const n = (v: number | undefined) => v ?? 0;
  return (
    n(a?.replicas) === n(b?.replicas) &&
    n(a?.fullyLabeledReplicas) === n(b?.fullyLabeledReplicas) &&
    n(a?.readyReplicas) === n(b?.readyReplicas) &&
    n(a?.availableReplicas) === n(b?.availableReplicas) &&
    n(a?.observedGeneration) === n(b?.observedGeneration) &&
    JSON.stringify(a?.conditions ?? []) === JSON.stringify(b?.conditions ?? [])
  );
}

/** Milliseconds until the next ready pod becomes available, if any is waiting out minReadySeconds. */
export function nextAvailableInMs(rs: ReplicaSet, pods: readonly Pod[], now: number): number | undefined {
  const minReady = rs.spec?.minReadySeconds ?? 0;
  let next: number | undefined;
  for (const pod of pods) {
    const ms = availableInMs(pod, minReady, now);
    if (ms !== undefined && ms > 0 && (next === undefined || ms < next)) next = ms;
  }
  return next;
}
