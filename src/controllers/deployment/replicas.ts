// Replica arithmetic of a rollout (upstream pkg/controller/deployment/util): surge and unavailability
// fenceposts, counts over ReplicaSets, and proportional scaling while a rollout is in flight.
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.d.ts';
import { getIntAnnotation, MAX_REPLICAS } from './annotations.ts';

type IntOrString = number | string | undefined;

/** A count or "N%" of `total`: percentages round up for surge, down for unavailability. */
export function scaledValue(value: IntOrString, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  if (!m) {
    if (/^\d+$/.test(value)) return Number(value);
    throw new Error(`invalid value for IntOrString: invalid value "${value}"`);
  }
  const scaled = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** Both resolving to 0 would block the rollout, so unavailability becomes 1 (upstream ResolveFenceposts). */
export function resolveFenceposts(maxSurge: IntOrString, maxUnavailable: IntOrString, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge, desired, true);
  let unavailable = scaledValue(maxUnavailable, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export const isRollingUpdate = (d: Deployment): boolean => (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
export const desiredReplicas = (d: Deployment): number => d.spec?.replicas ?? 1;
export const specReplicas = (rs: ReplicaSet | undefined): number => rs?.spec?.replicas ?? 0;

export function maxSurge(d: Deployment): number {
  if (!isRollingUpdate(d)) return 0;
  const ru = d.spec?.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, desiredReplicas(d)).surge;
}

export function maxUnavailable(d: Deployment): number {
  const replicas = desiredReplicas(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  const ru = d.spec?.strategy?.rollingUpdate;
  return Math.min(replicas, resolveFenceposts(ru?.maxSurge, ru?.maxUnavailable, replicas).unavailable);
}

type RSs = readonly (ReplicaSet | undefined)[];
const sum = (rss: RSs, f: (rs: ReplicaSet) => number | undefined) => rss.reduce((n, rs) => n + (rs ? f(rs) ?? 0 : 0), 0);
/** spec.replicas summed. */
export const replicaCount = (rss: RSs): number => sum(rss, (rs) => rs.spec?.replicas);
/** status.replicas summed: pods that exist. */
export const actualReplicaCount = (rss: RSs): number => sum(rss, (rs) => rs.status?.replicas);
export const readyReplicaCount = (rss: RSs): number => sum(rss, (rs) => rs.status?.readyReplicas);
export const availableReplicaCount = (rss: RSs): number => sum(rss, (rs) => rs.status?.availableReplicas);

export const filterActive = (rss: RSs): ReplicaSet[] => rss.filter((rs): rs is ReplicaSet => rs !== undefined && specReplicas(rs) > 0);

const created = (rs: ReplicaSet) => Date.parse(rs.metadata?.creationTimestamp ?? '') || 0;
const byName = (a: ReplicaSet, b: ReplicaSet) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1);
/** Oldest first, ties by name. */
export const byCreation = (a: ReplicaSet, b: ReplicaSet): number => created(a) - created(b) || byName(a, b);
/** Largest first; equal sizes newest first (scale-up order). */
export const bySizeNewer = (a: ReplicaSet, b: ReplicaSet): number => specReplicas(b) - specReplicas(a) || created(b) - created(a) || byName(b, a);
/** Largest first; equal sizes oldest first (scale-down order). */
export const bySizeOlder = (a: ReplicaSet, b: ReplicaSet): number => specReplicas(b) - specReplicas(a) || byCreation(a, b);

/** The only active ReplicaSet, or the newest when none is active; undefined when several are. */
export function findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: readonly ReplicaSet[]): ReplicaSet | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = filterActive([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

/** The new ReplicaSet runs every desired pod, available. */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = getIntAnnotation(rs, 'deployment.kubernetes.io/desired-replicas');
  const replicas = desiredReplicas(d);
  return specReplicas(rs) === replicas && desired === replicas && (rs.status?.availableReplicas ?? 0) === replicas;
}

/** How many pods the new ReplicaSet may have now (surge allowing), or all of them for Recreate. */
export function newRSNewReplicas(d: Deployment, allRSs: RSs, newRS: ReplicaSet): number {
  if (!isRollingUpdate(d)) return desiredReplicas(d);
  const maxTotal = desiredReplicas(d) + maxSurge(d);
  const current = replicaCount(allRSs);
  if (current >= maxTotal) return specReplicas(newRS);
  return specReplicas(newRS) + Math.min(maxTotal - current, desiredReplicas(d) - specReplicas(newRS));
}

/** This ReplicaSet's share of a scaling step, bounded by what is left to add or remove. */
export function getProportion(rs: ReplicaSet | undefined, d: Deployment, toAdd: number, added: number): number {
  if (!rs || specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const fraction = replicaSetFraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

function replicaSetFraction(rs: ReplicaSet, d: Deployment): number {
  if (desiredReplicas(d) === 0) return -specReplicas(rs);
  const deploymentReplicas = desiredReplicas(d) + maxSurge(d);
  const annotated = getIntAnnotation(rs, MAX_REPLICAS) ?? d.status?.replicas ?? 0;
  // Go's math.Round: halves away from zero (the value is never negative here).
  return Math.round((specReplicas(rs) * deploymentReplicas) / annotated) - specReplicas(rs);
}
