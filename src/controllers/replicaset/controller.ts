// The ReplicaSet controller (upstream pkg/controller/replicaset): informers on ReplicaSets and pods
// feed ReplicaSet keys to workers running ReplicaSetSyncer.sync. Pod events are routed to the
// controlling ReplicaSet (or, for orphans, to every ReplicaSet that could adopt them) and settle
// the expectations the syncer waits on.
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.d.ts';
import { selectorFromObject } from '../../api/selectors/index.ts';
import { ApiClient, ControllerRunner, EventRecorder, objectKey, type Controller, type ReadonlyStore } from '../../client/index.ts';
import type { ControllerContext } from '../types.ts';
import { Expectations } from './expectations.ts';
import { controllerOf } from './owner-refs.ts';
import { isPodReady } from './pod-status.ts';
import { ReplicaSetSyncer, type ReplicaSetApi } from './sync.ts';

export const REPLICASET_WORKERS = 5;

export class ReplicaSetController implements Controller {
  readonly name = 'replicaset';
  readonly runner: ControllerRunner;
  readonly syncer: ReplicaSetSyncer;
  readonly expectations: Expectations;
  readonly #replicaSets: ReadonlyStore<ReplicaSet>;

  constructor(ctx: ControllerContext) {
    const rsInformer = ctx.informers.informerForKind<ReplicaSet>('apps', 'v1', 'ReplicaSet');
    const podInformer = ctx.informers.informerForKind<Pod>('', 'v1', 'Pod');
    const logger = ctx.logger.with({ controller: this.name });
    this.#replicaSets = rsInformer.store;
    this.expectations = new Expectations(ctx.clock);
    this.syncer = new ReplicaSetSyncer({
      replicaSets: rsInformer.store,
      pods: podInformer.store,
      api: replicaSetApi(ctx.client),
      expectations: this.expectations,
      recorder: new EventRecorder({ client: ctx.client, component: 'replicaset-controller', clock: ctx.clock, logger }),
      clock: ctx.clock,
      logger,
    });
    this.runner = new ControllerRunner({
      name: this.name,
      workers: REPLICASET_WORKERS,
      waitFor: [ctx.informers],
      clock: ctx.clock,
      logger: ctx.logger,
      reconcile: (key) => this.syncer.sync(key),
    });
    rsInformer.addEventHandler({
      onAdd: (rs) => this.runner.enqueue(rs),
      onUpdate: (_old, cur) => this.runner.enqueue(cur),
      onDelete: (rs) => {
        this.expectations.delete(objectKey(rs));
        this.runner.enqueue(rs);
      },
    });
    podInformer.addEventHandler({
      onAdd: (pod) => this.#podAdded(pod),
      onUpdate: (old, cur) => this.#podUpdated(old, cur),
      onDelete: (pod) => this.#podDeleted(pod),
    });
  }

  run(signal: AbortSignal): Promise<void> {
    return this.runner.run(signal);
  }

  #podAdded(pod: Pod): void {
    // A pod that shows up already terminating (e.g. after a re-list) counts as a deletion.
    if (pod.metadata?.deletionTimestamp) return this.#podDeleted(pod);
    const rs = this.#controllingReplicaSet(pod);
    if (rs) {
      this.expectations.creationObserved(objectKey(rs));
      this.runner.enqueue(rs);
      return;
    }
    if (!controllerOf(pod)) for (const candidate of this.#replicaSetsMatching(pod)) this.runner.enqueue(candidate);
  }

  #podUpdated(old: Pod, cur: Pod): void {
    if (old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    const labelsChanged = JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(cur.metadata?.labels ?? {});
    if (cur.metadata?.deletionTimestamp) {
      // Graceful deletion: the pod stops counting now, not when its agent removes it.
      this.#podDeleted(cur);
      if (labelsChanged) this.#podDeleted(old);
      return;
    }
    const oldRef = controllerOf(old);
    const curRef = controllerOf(cur);
    const refChanged = oldRef?.uid !== curRef?.uid;
    if (refChanged && oldRef) {
      const previous = this.#controllingReplicaSet(old);
      if (previous) this.runner.enqueue(previous);
    }
    const rs = this.#controllingReplicaSet(cur);
    if (rs) {
      this.runner.enqueue(rs);
      const minReady = rs.spec?.minReadySeconds ?? 0;
      if (minReady > 0 && !isPodReady(old) && isPodReady(cur)) this.runner.queue.addAfter(objectKey(rs), minReady * 1000);
      return;
    }
    if (!curRef && (labelsChanged || refChanged)) for (const candidate of this.#replicaSetsMatching(cur)) this.runner.enqueue(candidate);
  }

  #podDeleted(pod: Pod): void {
    const rs = this.#controllingReplicaSet(pod);
    if (!rs) return;
    const key = objectKey(rs);
    this.expectations.deletionObserved(key, objectKey(pod));
    this.runner.enqueue(rs);
  }

  /** The ReplicaSet the pod's controller reference names, if it is one we know (same UID). */
  #controllingReplicaSet(pod: Pod): ReplicaSet | undefined {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== 'ReplicaSet') return undefined;
    const rs = this.#replicaSets.getByName(pod.metadata?.namespace, ref.name);
    return rs?.metadata?.uid === ref.uid ? rs : undefined;
  }

  #replicaSetsMatching(pod: Pod): ReplicaSet[] {
    return this.#replicaSets.list(undefined, pod.metadata?.namespace ?? '').filter((rs) => {
      try {
        const selector = selectorFromObject(rs.spec?.selector);
        return !selector.isEmpty() && selector.matches(pod.metadata?.labels);
      } catch {
        return false;
      }
    });
  }
}

/** The controller's writes, through the API server. */
export function replicaSetApi(client: ApiClient): ReplicaSetApi {
  const pods = client.forKind<Pod>('', 'v1', 'Pod');
  const replicaSets = client.forKind<ReplicaSet>('apps', 'v1', 'ReplicaSet');
  return {
    createPod: (ns, pod) => pods.inNamespace(ns).create(pod),
    deletePod: async (ns, name) => {
      await pods.inNamespace(ns).delete(name);
    },
    patchPod: async (ns, name, patch) => {
      await pods.inNamespace(ns).patch(name, patch, 'strategic');
    },
    getReplicaSet: (ns, name) => replicaSets.inNamespace(ns).get(name),
    updateReplicaSetStatus: (rs) => replicaSets.updateStatus(rs),
  };
}

export const newReplicaSetController = (ctx: ControllerContext): Controller => new ReplicaSetController(ctx);
