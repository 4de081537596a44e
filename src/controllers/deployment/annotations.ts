// The annotations a Deployment keeps on its ReplicaSets (upstream deployment/util): revision and
// its history, and the desired/max replicas the ReplicaSet was sized for (proportional scaling reads
// them back).
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.d.ts';
import type { KubeObject } from '../../client/index.ts';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
/** Upstream caps revision-history at 2000 characters. */
export const MAX_REVISION_HISTORY_CHARS = 2000;

const NOT_COPIED = new Set(['kubectl.kubernetes.io/last-applied-configuration', REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, 'deprecated.deployment.rollback.to']);

export function getIntAnnotation(obj: KubeObject, key: string): number | undefined {
  const v = obj.metadata?.annotations?.[key];
  return v !== undefined && /^-?\d+$/.test(v) ? Number(v) : undefined;
}

/** A ReplicaSet's revision; 0 when it has none. */
export function revisionOf(rs: KubeObject): number {
  return getIntAnnotation(rs, REVISION) ?? 0;
}

export function maxRevision(rss: readonly KubeObject[]): number {
  return rss.reduce((max, rs) => Math.max(max, revisionOf(rs)), 0);
}

function annotationsOf(obj: KubeObject): Record<string, string> {
  const meta = (obj.metadata ??= {});
  return (meta.annotations ??= {});
}

/** Copies the deployment's own annotations (not the controller's) onto the ReplicaSet. */
function copyDeploymentAnnotations(d: Deployment, rs: ReplicaSet): boolean {
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) {
    if (NOT_COPIED.has(k) || rs.metadata?.annotations?.[k] === v) continue;
    annotationsOf(rs)[k] = v;
    changed = true;
  }
  return changed;
}

/**
 * Brings the new ReplicaSet's annotations up to date: copied deployment annotations, the revision
 * (raised to `newRevision`, remembering the old one in revision-history), and for a ReplicaSet about
 * to be created the desired/max replicas (max = desired + surge). True when anything changed.
 */
export function setNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: number, exists: boolean, surge: number, maxHistoryChars = MAX_REVISION_HISTORY_CHARS): boolean {
  let changed = copyDeploymentAnnotations(d, rs);
  const oldRevision = rs.metadata?.annotations?.[REVISION];
  if (oldRevision && !/^-?\d+$/.test(oldRevision)) return false;
  const old = oldRevision ? Number(oldRevision) : 0;
  if (old < newRevision) {
    annotationsOf(rs)[REVISION] = String(newRevision);
    changed = true;
    if (oldRevision !== undefined && oldRevision !== '') {
      const history = rs.metadata!.annotations![REVISION_HISTORY];
      let kept = history ? history.split(',') : [];
      let total = (history?.length ?? 0) + oldRevision.length + 1;
      while (kept.length && total > maxHistoryChars) {
        total -= kept[0]!.length + 1;
        kept = kept.slice(1);
      }
      annotationsOf(rs)[REVISION_HISTORY] = [...kept, oldRevision].join(',');
    }
  }
  if (!exists && setReplicasAnnotations(rs, d.spec?.replicas ?? 1, (d.spec?.replicas ?? 1) + surge)) changed = true;
  return changed;
}

export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  if (!replicasAnnotationsNeedUpdate(rs, desired, max)) return false;
  const a = annotationsOf(rs);
  a[DESIRED_REPLICAS] = String(desired);
  a[MAX_REPLICAS] = String(max);
  return true;
}

export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = rs.metadata?.annotations ?? {};
  return a[DESIRED_REPLICAS] !== String(desired) || a[MAX_REPLICAS] !== String(max);
}

/** Sets the deployment's revision annotation; true when it changed. */
export function setDeploymentRevision(d: Deployment, revision: string): boolean {
  if (d.metadata?.annotations?.[REVISION] === revision) return false;
  annotationsOf(d)[REVISION] = revision;
  return true;
}
