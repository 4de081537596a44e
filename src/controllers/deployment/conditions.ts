// Deployment conditions and status (upstream deployment/util and sync.go): Available from minimum
// availability, Progressing with the reasons `kubectl rollout status` reads, and the progress
// deadline.
import type { Deployment, DeploymentCondition, DeploymentStatus, ReplicaSet } from 'kubernetes-types/apps/v1.d.ts';
import { rfc3339 } from '../replicaset/pod-status.ts';
import { actualReplicaCount, availableReplicaCount, desiredReplicas, maxUnavailable, readyReplicaCount, replicaCount } from './replicas.ts';

export const Reasons = {
  NewReplicaSetCreated: 'NewReplicaSetCreated',
  FoundNewReplicaSet: 'FoundNewReplicaSet',
  ReplicaSetUpdated: 'ReplicaSetUpdated',
  NewReplicaSetAvailable: 'NewReplicaSetAvailable',
  ProgressDeadlineExceeded: 'ProgressDeadlineExceeded',
  ReplicaSetCreateError: 'ReplicaSetCreateError',
  DeploymentPaused: 'DeploymentPaused',
  DeploymentResumed: 'DeploymentResumed',
  MinimumReplicasAvailable: 'MinimumReplicasAvailable',
  MinimumReplicasUnavailable: 'MinimumReplicasUnavailable',
} as const;

export function newCondition(type: string, status: 'True' | 'False' | 'Unknown', reason: string, message: string, now: number): DeploymentCondition {
  const t = rfc3339(now);
  return { type, status, reason, message, lastUpdateTime: t, lastTransitionTime: t };
}

export function getCondition(status: DeploymentStatus | undefined, type: string): DeploymentCondition | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/** Adds or replaces; same status and reason changes nothing; same status keeps the transition time. */
export function setCondition(status: DeploymentStatus, cond: DeploymentCondition): void {
  const current = getCondition(status, cond.type);
  if (current && current.status === cond.status && current.reason === cond.reason) return;
  const next = current && current.status === cond.status ? { ...cond, lastTransitionTime: current.lastTransitionTime } : cond;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== cond.type), next];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  const kept = (status.conditions ?? []).filter((c) => c.type !== type);
  if (kept.length) status.conditions = kept;
  else delete status.conditions;
}

const NO_DEADLINE = 2 ** 31 - 1;
export function hasProgressDeadline(d: Deployment): boolean {
  const s = d.spec?.progressDeadlineSeconds;
  return s !== undefined && s !== NO_DEADLINE;
}

/** Counts over the ReplicaSets plus the Available condition; other conditions carry over. */
export function calculateStatus(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment, now: number): DeploymentStatus {
  const available = availableReplicaCount(allRSs);
  const status: DeploymentStatus = {
    observedGeneration: d.metadata?.generation,
    replicas: actualReplicaCount(allRSs),
    updatedReplicas: actualReplicaCount([newRS]),
    readyReplicas: readyReplicaCount(allRSs),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, replicaCount(allRSs) - available),
  };
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  if (d.status?.conditions?.length) status.conditions = d.status.conditions.map((c) => ({ ...c }));
  if (available >= desiredReplicas(d) - maxUnavailable(d)) {
    setCondition(status, newCondition('Available', 'True', Reasons.MinimumReplicasAvailable, 'Deployment has minimum availability.', now));
  } else {
    setCondition(status, newCondition('Available', 'False', Reasons.MinimumReplicasUnavailable, 'Deployment does not have minimum availability.', now));
  }
  return status;
}

/** Every desired pod updated, existing and available, and this generation observed. */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const r = desiredReplicas(d);
  return (s.updatedReplicas ?? 0) === r && (s.replicas ?? 0) === r && (s.availableReplicas ?? 0) === r && (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0);
}

/** More updated, fewer old, or more ready/available pods than the stored status says. */
export function deploymentProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (s.replicas ?? 0) - (s.updatedReplicas ?? 0);
  return (s.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) || newOld < oldOld || (s.readyReplicas ?? 0) > (old.readyReplicas ?? 0) || (s.availableReplicas ?? 0) > (old.availableReplicas ?? 0);
}

export function deploymentTimedOut(d: Deployment, s: DeploymentStatus, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const cond = getCondition(s, 'Progressing');
  if (!cond) return false;
  if (cond.reason === Reasons.NewReplicaSetAvailable) return false;
  if (cond.reason === Reasons.ProgressDeadlineExceeded) return true;
  const from = Date.parse(cond.lastUpdateTime ?? '');
  return !Number.isNaN(from) && from + d.spec!.progressDeadlineSeconds! * 1000 < now;
}

/**
 * The status a rolling or recreating sync writes (upstream syncRolloutStatus): Progressing moves to
 * NewReplicaSetAvailable, ReplicaSetUpdated or ProgressDeadlineExceeded; ReplicaFailure mirrors the
 * ReplicaSets'.
 */
export function rolloutStatus(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined, d: Deployment, now: number): DeploymentStatus {
  const status = calculateStatus(allRSs, newRS, d, now);
  if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
  const current = getCondition(d.status, 'Progressing');
  const complete = status.replicas === status.updatedReplicas && current?.reason === Reasons.NewReplicaSetAvailable;
  if (hasProgressDeadline(d) && !complete) {
    const subject = newRS ? `ReplicaSet ${JSON.stringify(newRS.metadata?.name)}` : `Deployment ${JSON.stringify(d.metadata?.name)}`;
    if (deploymentComplete(d, status)) {
      setCondition(status, newCondition('Progressing', 'True', Reasons.NewReplicaSetAvailable, `${subject} has successfully progressed.`, now));
    } else if (deploymentProgressing(d, status)) {
      const cond = newCondition('Progressing', 'True', Reasons.ReplicaSetUpdated, `${subject} is progressing.`, now);
      // A refresh of an ongoing True condition keeps its transition time but moves lastUpdateTime.
      if (current?.status === 'True') cond.lastTransitionTime = current.lastTransitionTime;
      removeCondition(status, 'Progressing');
      setCondition(status, cond);
    } else if (deploymentTimedOut(d, status, now)) {
      setCondition(status, newCondition('Progressing', 'False', Reasons.ProgressDeadlineExceeded, `${subject} has timed out progressing.`, now));
    }
  }
  const failure = replicaFailure(allRSs, newRS);
  if (failure) setCondition(status, failure);
  else removeCondition(status, 'ReplicaFailure');
  return status;
}

function replicaFailure(allRSs: readonly (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): DeploymentCondition | undefined {
  for (const rs of [newRS, ...allRSs.filter((r) => r !== newRS)]) {
    const c = rs?.status?.conditions?.find((x) => x.type === 'ReplicaFailure');
    if (c) return { type: 'ReplicaFailure', status: c.status, reason: c.reason, message: c.message, lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime };
  }
  return undefined;
}

/**
 * When to look again so a stalled rollout is marked ProgressDeadlineExceeded on time: undefined
 * when there is nothing to wait for.
 */
export function stuckRequeueMs(d: Deployment, s: DeploymentStatus, now: number): number | undefined {
  const cond = getCondition(s, 'Progressing');
  if (!hasProgressDeadline(d) || !cond) return undefined;
  if (deploymentComplete(d, s) || cond.reason === Reasons.ProgressDeadlineExceeded) return undefined;
  const after = Date.parse(cond.lastUpdateTime ?? '') + d.spec!.progressDeadlineSeconds! * 1000 - now;
  if (Number.isNaN(after)) return undefined;
  return after < 1000 ? 1000 : after + 1000;
}

/** Equal as stored: absent numbers are 0, conditions compared field by field. */
export function statusEqual(a: DeploymentStatus | undefined, b: DeploymentStatus | undefined): boolean {
  const fields = ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas'] as const;
  if (fields.some((f) => (a?.[f] ?? 0) !== (b?.[f] ?? 0))) return false;
  if (a?.collisionCount !== b?.collisionCount) return false;
  const norm = (cs: DeploymentCondition[] | undefined) => JSON.stringify((cs ?? []).map((c) => [c.type, c.status, c.reason ?? '', c.message ?? '', c.lastUpdateTime ?? '', c.lastTransitionTime ?? '']));
  return norm(a?.conditions) === norm(b?.conditions);
}
