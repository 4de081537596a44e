// The DaemonSet controller: one pod per eligible node (eligibility.ts), rolled to new templates by
// RollingUpdate (plan.ts), with ControllerRevision history (revisions.ts) and upstream's status
// counts (status.ts). Creates and deletes are tracked by expectations so a lagging cache never
// doubles a pod.
import { isDeepStrictEqual } from 'node:util';
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { ControllerRevision, DaemonSet } from 'kubernetes-types/apps/v1.d.ts';
import type { OwnerReference } from 'kubernetes-types/meta/v1.d.ts';
import { ControllerRunner, isAlreadyExists, isNotFound, objectKey, splitKey, type Clock, type Controller, type EventRecorder, type ReadonlyStore, type ReconcileResult } from '../../client/index.ts';
import type { Logger } from '../../log/logger.ts';
import type { ControllerContext } from '../types.ts';
import { Expectations } from './expectations.ts';
import { manage, maxSurgeAndUnavailable, rollingUpdate, type NodeChanges } from './plan.ts';
import { isPodAvailable, newDaemonPod, targetNode } from './pods.ts';
import { newRevision, REVISION_HASH_LABEL, revisionData, revisionsToPrune, sameData, templateHash } from './revisions.ts';
import { computeStatus } from './status.ts';
import { isPodReady } from '../endpoints/pods.ts';

export interface DaemonSetApi {
  createPod(pod: Pod): Promise<Pod>;
  deletePod(namespace: string, name: string, uid: string): Promise<unknown>;
  getRevision(namespace: string, name: string): Promise<ControllerRevision>;
  createRevision(revision: ControllerRevision): Promise<ControllerRevision>;
  updateRevision(revision: ControllerRevision): Promise<ControllerRevision>;
  deleteRevision(namespace: string, name: string): Promise<unknown>;
  updateStatus(ds: DaemonSet): Promise<DaemonSet>;
}

export interface DaemonSetSyncerOptions {
  daemonSets: ReadonlyStore<DaemonSet>;
  pods: ReadonlyStore<Pod>;
  nodes: ReadonlyStore<Node>;
  revisions: ReadonlyStore<ControllerRevision>;
  api: DaemonSetApi;
  recorder: Pick<EventRecorder, 'event'>;
  clock: Clock;
  logger: Logger;
}

const ownerRef = (ds: DaemonSet): OwnerReference => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', name: ds.metadata!.name!, uid: ds.metadata!.uid!, controller: true, blockOwnerDeletion: true });
/** The DaemonSet that controls an object, as "namespace/name". */
export const controllerKey = (obj: Pod | ControllerRevision) => {
  const ref = obj.metadata?.ownerReferences?.find((r) => r.controller && r.kind === 'DaemonSet' && r.apiVersion.startsWith('apps/'));
  return ref ? `${obj.metadata?.namespace}/${ref.name}` : undefined;
};

export class DaemonSetSyncer {
  readonly expectations: Expectations;

  constructor(readonly o: DaemonSetSyncerOptions) {
    this.expectations = new Expectations(o.clock);
  }

  async sync(key: string): Promise<ReconcileResult> {
    const { namespace = '', name } = splitKey(key);
    const ds = this.o.daemonSets.getByName(namespace, name);
    if (!ds) {
      this.expectations.forget(key);
      return;
    }
    if (ds.metadata?.deletionTimestamp) return;
    const owner = ownerRef(ds);
    const { current, revisions } = await this.#history(ds, owner);
    const hash = current.metadata?.labels?.[REVISION_HASH_LABEL] ?? templateHash(ds);
    const nodes = this.o.nodes.list();
    const pods = this.o.pods.byOwner(ds.metadata!.uid!).filter((p) => p.metadata?.ownerReferences?.some((r) => r.controller && r.uid === ds.metadata!.uid));
    if (this.expectations.satisfied(key)) {
      const { maxSurge } = maxSurgeAndUnavailable(ds, nodes.length);
      await this.#apply(key, ds, owner, hash, manage(ds, nodes, byNode(pods), hash, maxSurge));
      if (this.expectations.satisfied(key) && (ds.spec?.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
        await this.#apply(key, ds, owner, hash, rollingUpdate(ds, nodes, byNode(pods), hash, this.o.clock.now()));
      }
      await this.#prune(ds, current, revisions, pods);
    }
    const now = this.o.clock.now();
    const status = computeStatus(ds, nodes, byNode(pods), hash, now);
    if (!isDeepStrictEqual(stripUndefined(status), stripUndefined(ds.status ?? {}))) {
      await this.o.api.updateStatus({ ...structuredClone(ds), status } as DaemonSet);
    }
    // Pods ready but not yet available become available on their own: look again then.
    const minReady = ds.spec?.minReadySeconds ?? 0;
    if (minReady > 0 && pods.some((p) => isPodReady(p) && !isPodAvailable(p, minReady, now))) return { requeueAfter: minReady * 1000 };
  }

  /** The current revision (created or renumbered as needed) and all this DaemonSet's revisions. */
  async #history(ds: DaemonSet, owner: OwnerReference): Promise<{ current: ControllerRevision; revisions: ControllerRevision[] }> {
    const revisions = this.o.revisions.byOwner(ds.metadata!.uid!);
    const max = revisions.reduce((m, r) => Math.max(m, r.revision), 0);
    const data = revisionData(ds);
    const matching = revisions.filter((r) => sameData(r.data, data)).sort((a, b) => b.revision - a.revision);
    if (matching[0]) {
      if (matching[0].revision >= max) return { current: matching[0], revisions };
      const bumped = await this.o.api.updateRevision({ ...structuredClone(matching[0]), revision: max + 1 } as ControllerRevision);
      return { current: bumped, revisions };
    }
    const hash = templateHash(ds);
    const revision = newRevision(ds, hash, max + 1, owner);
    try {
      return { current: await this.o.api.createRevision(revision), revisions };
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      // Ours, not yet in the cache, or a hash collision: a collision changes the hash and retries.
      const existing = await this.o.api.getRevision(ds.metadata!.namespace!, revision.metadata!.name!);
      if (sameData(existing.data, data) && existing.metadata?.ownerReferences?.some((r) => r.uid === owner.uid)) return { current: existing, revisions };
      const collisionCount = (ds.status?.collisionCount ?? 0) + 1;
      await this.o.api.updateStatus({ ...structuredClone(ds), status: { ...structuredClone(ds.status ?? {}), collisionCount } } as DaemonSet);
      throw new Error(`controller revision ${revision.metadata!.name} collides; collisionCount now ${collisionCount}`);
    }
  }

  async #apply(key: string, ds: DaemonSet, owner: OwnerReference, hash: string, changes: NodeChanges): Promise<void> {
    if (changes.create.length === 0 && changes.delete.length === 0) return;
    this.expectations.expect(key, changes.create.length, changes.delete.length);
    const failures: unknown[] = [];
    await Promise.all([
      ...changes.create.map(async (node) => {
        try {
          const pod = await this.o.api.createPod(newDaemonPod(ds, node, hash, owner));
          void this.o.recorder.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata?.name}`);
        } catch (err) {
          this.expectations.creationObserved(key);
          void this.o.recorder.event(ds, 'Warning', 'FailedCreate', `Error creating: ${err instanceof Error ? err.message : String(err)}`);
          failures.push(err);
        }
      }),
      ...changes.delete.map(async (pod) => {
        try {
          await this.o.api.deletePod(pod.metadata!.namespace!, pod.metadata!.name!, pod.metadata!.uid!);
          void this.o.recorder.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata!.name}`);
        } catch (err) {
          this.expectations.deletionObserved(key);
          if (isNotFound(err)) return;
          void this.o.recorder.event(ds, 'Warning', 'FailedDelete', `Error deleting: ${err instanceof Error ? err.message : String(err)}`);
          failures.push(err);
        }
      }),
    ]);
    if (failures.length > 0) throw failures[0];
  }

  async #prune(ds: DaemonSet, current: ControllerRevision, revisions: ControllerRevision[], pods: Pod[]): Promise<void> {
    const live = new Set(pods.map((p) => p.metadata?.labels?.[REVISION_HASH_LABEL] ?? ''));
    for (const r of revisionsToPrune(revisions, current.metadata!.name!, live, ds.spec?.revisionHistoryLimit ?? 10)) {
      await this.o.api.deleteRevision(r.metadata!.namespace!, r.metadata!.name!).catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
    }
  }
}

function byNode(pods: readonly Pod[]): Map<string, Pod[]> {
  const m = new Map<string, Pod[]>();
  for (const pod of pods) {
    const node = targetNode(pod);
    if (node) m.set(node, [...(m.get(node) ?? []), pod]);
  }
  return m;
}

const stripUndefined = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

export function daemonSetController(ctx: ControllerContext): Controller {
  const daemonSets = ctx.informers.informerForKind<DaemonSet>('apps', 'v1', 'DaemonSet');
  const pods = ctx.informers.informerForKind<Pod>('', 'v1', 'Pod');
  const nodes = ctx.informers.informerForKind<Node>('', 'v1', 'Node');
  const revisions = ctx.informers.informerForKind<ControllerRevision>('apps', 'v1', 'ControllerRevision');
  const podClient = ctx.client.forKind<Pod>('', 'v1', 'Pod');
  const revisionClient = ctx.client.forKind<ControllerRevision>('apps', 'v1', 'ControllerRevision');
  const dsClient = ctx.client.forKind<DaemonSet>('apps', 'v1', 'DaemonSet');
  const syncer = new DaemonSetSyncer({
    daemonSets: daemonSets.store,
    pods: pods.store,
    nodes: nodes.store,
    revisions: revisions.store,
    recorder: ctx.recorder,
    clock: ctx.clock,
    logger: ctx.logger,
    api: {
      createPod: (p) => podClient.create(p),
      deletePod: (ns, name, uid) => podClient.inNamespace(ns).delete(name, { preconditions: { uid } }),
      getRevision: (ns, name) => revisionClient.inNamespace(ns).get(name),
      createRevision: (r) => revisionClient.create(r),
      updateRevision: (r) => revisionClient.update(r),
      deleteRevision: (ns, name) => revisionClient.inNamespace(ns).delete(name),
      updateStatus: (ds) => dsClient.updateStatus(ds),
    },
  });
  const runner = new ControllerRunner({ name: 'daemonset', workers: 2, waitFor: [daemonSets, pods, nodes, revisions], clock: ctx.clock, logger: ctx.logger, reconcile: (key) => syncer.sync(key) });
  daemonSets.addEventHandler(runner.handlers());
  const owned = (p: Pod, fn: (key: string) => void) => {
    const key = controllerKey(p);
    if (key) {
      fn(key);
      runner.queue.add(key);
    }
  };
  pods.addEventHandler({
    onAdd: (p) => owned(p, (k) => syncer.expectations.creationObserved(k)),
    onUpdate: (o, p) => owned(p, (k) => !o.metadata?.deletionTimestamp && p.metadata?.deletionTimestamp && syncer.expectations.deletionObserved(k)),
    onDelete: (p) => owned(p, (k) => !p.metadata?.deletionTimestamp && syncer.expectations.deletionObserved(k)),
  });
  // A node's labels, taints and spec decide where daemon pods belong; heartbeats do not.
  const allDaemonSets = () => daemonSets.store.list().forEach((ds) => runner.queue.add(objectKey(ds)));
  const placementOf = (n: Node) => [n.metadata?.labels, n.spec];
  nodes.addEventHandler({ onAdd: allDaemonSets, onUpdate: (o, n) => !isDeepStrictEqual(placementOf(o), placementOf(n)) && allDaemonSets(), onDelete: allDaemonSets });
  return runner;
}
