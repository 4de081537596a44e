// One Deployment sync's shared steps (upstream deployment/sync.go): find or create the new
// ReplicaSet and keep revisions in order, scale ReplicaSets (proportionally mid-rollout) with
// ScalingReplicaSet events, clean up old history, and write status. A DeploymentSync lives for one
// reconcile and holds the working copy of the Deployment, refreshed after each status write.
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.d.ts';
import { isAlreadyExists, isNotFound, type Clock, type ReadonlyStore, type ReconcileResult } from '../../client/index.ts';
import type { Logger } from '../../log/logger.ts';
import { controllerOf, controllerRef } from '../replicaset/owner-refs.ts';
import type { EventSink } from '../replicaset/sync.ts';
import { maxRevision, replicasAnnotationsNeedUpdate, revisionOf, REVISION, setDeploymentRevision, setNewReplicaSetAnnotations, setReplicasAnnotations } from './annotations.ts';
import { calculateStatus, getCondition, hasProgressDeadline, newCondition, Reasons, rolloutStatus, setCondition, statusEqual, stuckRequeueMs } from './conditions.ts';
import {
  byCreation, bySizeNewer, bySizeOlder, desiredReplicas, filterActive, findActiveOrLatest, getProportion, isRollingUpdate, isSaturated, maxSurge, newRSNewReplicas, replicaCount, specReplicas,
} from './replicas.ts';
import { computeHash, equalIgnoreHash, selectorWithHash, withHashLabel } from './template.ts';

/** The API writes the Deployment controller makes. */
export interface DeploymentApi {
  createReplicaSet(rs: ReplicaSet): Promise<ReplicaSet>;
  getReplicaSet(namespace: string, name: string): Promise<ReplicaSet>;
  updateReplicaSet(rs: ReplicaSet): Promise<ReplicaSet>;
  deleteReplicaSet(namespace: string, name: string): Promise<void>;
  patchReplicaSet(namespace: string, name: string, patch: unknown): Promise<void>;
  getDeployment(namespace: string, name: string): Promise<Deployment>;
  updateDeploymentStatus(d: Deployment): Promise<Deployment>;
}

export interface DeploymentSyncOptions {
  api: DeploymentApi;
  replicaSets: ReadonlyStore<ReplicaSet>;
  recorder: EventSink;
  clock: Clock;
  logger: Logger;
}

const NO_HISTORY_LIMIT = 2 ** 31 - 1;

/** The ReplicaSet whose template is the deployment's (the oldest, if several). */
export function findNewReplicaSet(d: Deployment, rsList: readonly ReplicaSet[]): ReplicaSet | undefined {
  return [...rsList].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

export class DeploymentSync {
  constructor(
    readonly o: DeploymentSyncOptions,
    public d: Deployment,
  ) {}

  get #name(): string {
    return this.d.metadata?.name ?? '';
  }

  async writeStatus(): Promise<void> {
    this.d = await this.o.api.updateDeploymentStatus(this.d);
  }

  /** The new ReplicaSet (created when `create` and missing) and all the others. */
  async allReplicaSets(rsList: readonly ReplicaSet[], create: boolean): Promise<{ newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] }> {
    const current = findNewReplicaSet(this.d, rsList);
    const oldRSs = rsList.filter((rs) => rs.metadata?.uid !== current?.metadata?.uid);
    const newRS = await this.#newReplicaSet(current, oldRSs, create);
    return { newRS, oldRSs };
  }

  async #newReplicaSet(existing: ReplicaSet | undefined, oldRSs: ReplicaSet[], create: boolean): Promise<ReplicaSet | undefined> {
    const d = this.d;
    const newRevision = maxRevision(oldRSs) + 1;
    if (existing) {
      let rs = structuredClone(existing);
      const annotationsChanged = setNewReplicaSetAnnotations(d, rs, newRevision, true, maxSurge(d));
      if (annotationsChanged || (rs.spec?.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0)) {
        rs.spec = { ...rs.spec!, minReadySeconds: d.spec?.minReadySeconds ?? 0 };
        rs = await this.o.api.updateReplicaSet(rs);
      }
      let needsUpdate = setDeploymentRevision(d, rs.metadata?.annotations?.[REVISION] ?? '');
      if (hasProgressDeadline(d) && !getCondition(d.status, 'Progressing')) {
        setCondition((d.status ??= {}), newCondition('Progressing', 'True', Reasons.FoundNewReplicaSet, `Found new replica set ${JSON.stringify(rs.metadata?.name)}`, this.o.clock.now()));
        needsUpdate = true;
      }
      if (needsUpdate) await this.writeStatus();
      return rs;
    }
    if (!create) return undefined;
    return this.#createNewReplicaSet(oldRSs, newRevision);
  }

  async #createNewReplicaSet(oldRSs: ReplicaSet[], newRevision: number): Promise<ReplicaSet> {
    const d = this.d;
    const hash = computeHash(d.spec?.template, d.status?.collisionCount);
    const template = structuredClone(d.spec!.template);
    template.metadata = { ...template.metadata, labels: withHashLabel(template.metadata?.labels, hash) };
    const ns = d.metadata!.namespace!;
    const newRS: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: `${this.#name}-${hash}`, namespace: ns, labels: template.metadata.labels, ownerReferences: [controllerRef(d)] },
      spec: { replicas: 0, minReadySeconds: d.spec?.minReadySeconds ?? 0, selector: selectorWithHash(d.spec?.selector, hash), template },
    };
    const replicas = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
    newRS.spec!.replicas = replicas;
    setNewReplicaSetAnnotations(d, newRS, newRevision, false, maxSurge(d));
    const name = newRS.metadata!.name!;
    let created: ReplicaSet;
    let alreadyExists = false;
    try {
      created = await this.o.api.createReplicaSet(newRS);
    } catch (err) {
      if (!isAlreadyExists(err)) {
        const msg = `Failed to create new replica set ${JSON.stringify(name)}: ${err instanceof Error ? err.message : String(err)}`;
        if (hasProgressDeadline(d)) {
          setCondition((d.status ??= {}), newCondition('Progressing', 'False', Reasons.ReplicaSetCreateError, msg, this.o.clock.now()));
          await this.writeStatus().catch(() => undefined);
        }
        void this.o.recorder.event(d, 'Warning', Reasons.ReplicaSetCreateError, msg);
        throw err;
      }
      // Ours from an earlier sync the cache has not shown yet, or a hash collision.
      const found = this.o.replicaSets.getByName(ns, name) ?? (await this.o.api.getReplicaSet(ns, name));
      if (controllerOf(found)?.uid !== d.metadata?.uid || !equalIgnoreHash(d.spec?.template, found.spec?.template)) {
        (d.status ??= {}).collisionCount = (d.status.collisionCount ?? 0) + 1;
        await this.writeStatus().catch(() => undefined);
        this.o.logger.info('hash collision; bumped collisionCount', { deployment: `${ns}/${this.#name}`, collisionCount: d.status.collisionCount });
        throw err;
      }
      created = found;
      alreadyExists = true;
    }
    if (!alreadyExists && replicas > 0) void this.o.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} from 0 to ${replicas}`);
    let needsUpdate = setDeploymentRevision(d, String(newRevision));
    if (!alreadyExists && hasProgressDeadline(d)) {
      setCondition((d.status ??= {}), newCondition('Progressing', 'True', Reasons.NewReplicaSetCreated, `Created new replica set ${JSON.stringify(name)}`, this.o.clock.now()));
      needsUpdate = true;
    }
    if (needsUpdate) await this.writeStatus();
    return created;
  }

  /** Scales one ReplicaSet when its size differs; true when it did. */
  async scaleAndRecord(rs: ReplicaSet, newScale: number): Promise<{ scaled: boolean; rs: ReplicaSet }> {
    if (specReplicas(rs) === newScale) return { scaled: false, rs };
    return this.scaleReplicaSet(rs, newScale, specReplicas(rs) < newScale ? 'up' : 'down');
  }

  async scaleReplicaSet(rs: ReplicaSet, newScale: number, operation: string): Promise<{ scaled: boolean; rs: ReplicaSet }> {
    const d = this.d;
    const oldScale = specReplicas(rs);
    const sizeChanged = oldScale !== newScale;
    const desired = desiredReplicas(d);
    if (!sizeChanged && !replicasAnnotationsNeedUpdate(rs, desired, desired + maxSurge(d))) return { scaled: false, rs };
    const copy = structuredClone(rs);
    copy.spec = { ...copy.spec!, replicas: newScale };
    setReplicasAnnotations(copy, desired, desired + maxSurge(d));
    const updated = await this.o.api.updateReplicaSet(copy);
    if (sizeChanged) void this.o.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${operation} replica set ${rs.metadata?.name} from ${oldScale} to ${newScale}`);
    return { scaled: sizeChanged, rs: updated };
  }

  /**
   * A scaling event (or a paused deployment): one active ReplicaSet takes the new size; otherwise,
   * mid-rollout, the change is spread over the active ReplicaSets in proportion to their sizes.
   */
  async scale(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): Promise<void> {
    const d = this.d;
    const target = findActiveOrLatest(newRS, oldRSs);
    if (target) {
      if (specReplicas(target) !== desiredReplicas(d)) await this.scaleAndRecord(target, desiredReplicas(d));
      return;
    }
    if (isSaturated(d, newRS)) {
      for (const old of filterActive(oldRSs)) await this.scaleAndRecord(old, 0);
      return;
    }
    if (!isRollingUpdate(d)) return;
    const active = filterActive([...oldRSs, newRS]);
    const allowed = desiredReplicas(d) > 0 ? desiredReplicas(d) + maxSurge(d) : 0;
    const toAdd = allowed - replicaCount(active);
    const operation = toAdd > 0 ? 'up' : 'down';
    if (toAdd > 0) active.sort(bySizeNewer);
    else if (toAdd < 0) active.sort(bySizeOlder);
    let added = 0;
    const sizes = active.map((rs) => {
      if (toAdd === 0) return specReplicas(rs);
      const share = getProportion(rs, d, toAdd, added);
      added += share;
      return specReplicas(rs) + share;
    });
    // Leftovers go to the largest ReplicaSet.
    if (toAdd !== 0 && sizes.length) sizes[0] = Math.max(0, sizes[0]! + toAdd - added);
    for (const [i, rs] of active.entries()) await this.scaleReplicaSet(rs, sizes[i]!, toAdd === 0 ? '' : operation);
  }

  /** Deletes the oldest empty ReplicaSets beyond revisionHistoryLimit. */
  async cleanup(oldRSs: ReplicaSet[]): Promise<void> {
    const limit = this.d.spec?.revisionHistoryLimit;
    if (limit === undefined || limit === NO_HISTORY_LIMIT) return;
    const cleanable = oldRSs.filter((rs) => !rs.metadata?.deletionTimestamp);
    const diff = cleanable.length - limit;
    if (diff <= 0) return;
    cleanable.sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
    for (const rs of cleanable.slice(0, diff)) {
      if ((rs.status?.replicas ?? 0) !== 0 || specReplicas(rs) !== 0 || (rs.metadata?.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
      try {
        await this.o.api.deleteReplicaSet(rs.metadata!.namespace!, rs.metadata!.name!);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }

  /** Status from the ReplicaSets without touching Progressing (scaling, paused, deleting). */
  async syncStatus(allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): Promise<void> {
    const status = calculateStatus(allRSs, newRS, this.d, this.o.clock.now());
    if (statusEqual(this.d.status, status)) return;
    this.d.status = status;
    await this.writeStatus();
  }

  /** Status for a rollout step, and when to come back to catch a missed progress deadline. */
  async syncRolloutStatus(allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): Promise<ReconcileResult> {
    const now = this.o.clock.now();
    const status = rolloutStatus(allRSs, newRS, this.d, now);
    if (!statusEqual(this.d.status, status)) {
      this.d.status = status;
      await this.writeStatus();
      return;
    }
    const after = stuckRequeueMs(this.d, status, now);
    return after === undefined ? undefined : { requeueAfter: after };
  }
}
