// The two rollout strategies (upstream rolling.go and recreate.go), one step per sync.
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.d.ts';
import type { ReconcileResult } from '../../client/index.ts';
import { deploymentComplete } from './conditions.ts';
import { actualReplicaCount, availableReplicaCount, byCreation, desiredReplicas, filterActive, maxUnavailable, newRSNewReplicas, replicaCount, specReplicas } from './replicas.ts';
import type { DeploymentSync } from './rollout.ts';

/**
 * RollingUpdate: grow the new ReplicaSet within maxSurge, else shrink old ones within
 * maxUnavailable; once complete, trim history.
 */
export async function rolloutRolling(s: DeploymentSync, rsList: readonly ReplicaSet[]): Promise<ReconcileResult> {
  const { newRS, oldRSs } = await s.allReplicaSets(rsList, true);
  const allRSs = [...oldRSs, newRS!];
  if (await reconcileNewReplicaSet(s, allRSs, newRS!)) return s.syncRolloutStatus(allRSs, newRS);
  if (await reconcileOldReplicaSets(s, allRSs, filterActive(oldRSs), newRS!)) return s.syncRolloutStatus(allRSs, newRS);
  if (deploymentComplete(s.d, s.d.status ?? {})) await s.cleanup(oldRSs);
  return s.syncRolloutStatus(allRSs, newRS);
}

async function reconcileNewReplicaSet(s: DeploymentSync, allRSs: ReplicaSet[], newRS: ReplicaSet): Promise<boolean> {
  const desired = desiredReplicas(s.d);
  if (specReplicas(newRS) === desired) return false;
  if (specReplicas(newRS) > desired) return (await s.scaleAndRecord(newRS, desired)).scaled;
  return (await s.scaleAndRecord(newRS, newRSNewReplicas(s.d, allRSs, newRS))).scaled;
}

async function reconcileOldReplicaSets(s: DeploymentSync, allRSs: ReplicaSet[], oldRSs: ReplicaSet[], newRS: ReplicaSet): Promise<boolean> {
  if (replicaCount(oldRSs) === 0) return false;
  const minAvailable = desiredReplicas(s.d) - maxUnavailable(s.d);
  const newUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  // Pods we may remove now: unhealthy old ones first, never eating into the new set's pending pods.
  const maxScaledDown = replicaCount(allRSs) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const { oldRSs: cleaned, count: cleanedUp } = await cleanupUnhealthyReplicas(s, oldRSs, maxScaledDown);
  const scaledDown = await scaleDownOldForRollingUpdate(s, [...cleaned, newRS], cleaned);
  return cleanedUp + scaledDown > 0;
}

/** Removes old pods that are not available anyway, oldest ReplicaSets first. */
async function cleanupUnhealthyReplicas(s: DeploymentSync, oldRSs: ReplicaSet[], max: number): Promise<{ oldRSs: ReplicaSet[]; count: number }> {
  const sorted = [...oldRSs].sort(byCreation);
  let total = 0;
  for (const [i, rs] of sorted.entries()) {
    if (total >= max) break;
    const available = rs.status?.availableReplicas ?? 0;
    if (specReplicas(rs) === 0 || specReplicas(rs) === available) continue;
    const count = Math.min(max - total, specReplicas(rs) - available);
    sorted[i] = (await s.scaleAndRecord(rs, specReplicas(rs) - count)).rs;
    total += count;
  }
  return { oldRSs: sorted, count: total };
}

/** Scales old ReplicaSets down as far as availability above minAvailable allows, oldest first. */
async function scaleDownOldForRollingUpdate(s: DeploymentSync, allRSs: ReplicaSet[], oldRSs: ReplicaSet[]): Promise<number> {
  const minAvailable = desiredReplicas(s.d) - maxUnavailable(s.d);
  const available = availableReplicaCount(allRSs);
  if (available <= minAvailable) return 0;
  const target = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (total >= target) break;
    if (specReplicas(rs) === 0) continue;
    const count = Math.min(specReplicas(rs), target - total);
    await s.scaleAndRecord(rs, specReplicas(rs) - count);
    total += count;
  }
  return total;
}

/** Recreate: all old pods gone first (none running at all), then the new ReplicaSet at full size. */
export async function rolloutRecreate(s: DeploymentSync, rsList: readonly ReplicaSet[], podsByRS: Map<string, Pod[]>): Promise<ReconcileResult> {
  let { newRS, oldRSs } = await s.allReplicaSets(rsList, false);
  let allRSs = [...oldRSs, newRS];
  let scaledDown = false;
  for (const rs of filterActive(oldRSs)) if ((await s.scaleAndRecord(rs, 0)).scaled) scaledDown = true;
  if (scaledDown) return s.syncRolloutStatus(allRSs, newRS);
  if (oldPodsRunning(newRS, oldRSs, podsByRS)) return s.syncRolloutStatus(allRSs, newRS);
  if (!newRS) {
    ({ newRS, oldRSs } = await s.allReplicaSets(rsList, true));
    allRSs = [...oldRSs, newRS];
  }
  await s.scaleAndRecord(newRS!, desiredReplicas(s.d));
  if (deploymentComplete(s.d, s.d.status ?? {})) await s.cleanup(oldRSs);
  return s.syncRolloutStatus(allRSs, newRS);
}

function oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[], podsByRS: Map<string, Pod[]>): boolean {
  if (actualReplicaCount(oldRSs) > 0) return true;
  for (const [uid, pods] of podsByRS) {
    if (uid === newRS?.metadata?.uid) continue;
    if (pods.some((p) => p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded')) return true;
  }
  return false;
}

/** Paused or scaling: resize without advancing the rollout. */
export async function syncScaling(s: DeploymentSync, rsList: readonly ReplicaSet[]): Promise<ReconcileResult> {
  const { newRS, oldRSs } = await s.allReplicaSets(rsList, false);
  await s.scale(newRS, oldRSs);
  if (s.d.spec?.paused) await s.cleanup(oldRSs);
  await s.syncStatus([...oldRSs, newRS], newRS);
}
