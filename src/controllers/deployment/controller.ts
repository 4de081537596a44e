// The Deployment controller (upstream pkg/controller/deployment): informers on Deployments,
// ReplicaSets and pods feed Deployment keys to workers. Each sync claims the ReplicaSets, then
// either only reports status (being deleted), resizes (paused or a scaling event) or advances the
// rollout by its strategy.
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.d.ts';
import { selectorFromObject, type Selector } from '../../api/selectors/index.ts';
import { ControllerRunner, EventRecorder, objectKey, type ApiClient, type Controller, type ReadonlyStore, type ReconcileResult } from '../../client/index.ts';
import type { Logger } from '../../log/logger.ts';
import type { ControllerContext } from '../types.ts';
import { adoptPatch, claimObjects, controllerOf, releasePatch } from '../replicaset/owner-refs.ts';
import type { EventSink } from '../replicaset/sync.ts';
import { getIntAnnotation, DESIRED_REPLICAS } from './annotations.ts';
import { getCondition, hasProgressDeadline, newCondition, Reasons, setCondition } from './conditions.ts';
import { desiredReplicas, filterActive } from './replicas.ts';
import { DeploymentSync, type DeploymentApi } from './rollout.ts';
import { rolloutRecreate, rolloutRolling, syncScaling } from './strategies.ts';

export const DEPLOYMENT_WORKERS = 5;

export interface DeploymentSyncerOptions {
  deployments: ReadonlyStore<Deployment>;
  replicaSets: ReadonlyStore<ReplicaSet>;
  pods: ReadonlyStore<Pod>;
  api: DeploymentApi;
  recorder: EventSink;
  clock: ControllerContext['clock'];
  logger: Logger;
}

/** One Deployment's reconcile (upstream syncDeployment). */
export class DeploymentSyncer {
  constructor(readonly o: DeploymentSyncerOptions) {}

  async sync(key: string): Promise<ReconcileResult> {
    const cached = this.o.deployments.get(key);
    if (!cached) return;
    const d = structuredClone(cached);
    const s = new DeploymentSync({ api: this.o.api, replicaSets: this.o.replicaSets, recorder: this.o.recorder, clock: this.o.clock, logger: this.o.logger }, d);
    const selector = selectorFromObject(d.spec?.selector);
    if (selector.isEmpty()) {
      void this.o.recorder.event(d, 'Warning', 'SelectorRequired', 'This deployment is selecting all pods. A non-empty selector is required.');
      if ((d.status?.observedGeneration ?? 0) < (d.metadata?.generation ?? 0)) {
        (d.status ??= {}).observedGeneration = d.metadata?.generation;
        await s.writeStatus();
      }
      return;
    }
    const rsList = await this.#claimReplicaSets(d, selector);
    if (d.metadata?.deletionTimestamp) {
      const { newRS, oldRSs } = await s.allReplicaSets(rsList, false);
      await s.syncStatus([...oldRSs, newRS], newRS);
      return;
    }
    await this.#checkPausedConditions(s);
    if (s.d.spec?.paused) return syncScaling(s, rsList);
    if (await this.#isScalingEvent(s, rsList)) return syncScaling(s, rsList);
    if (s.d.spec?.strategy?.type === 'Recreate') return rolloutRecreate(s, rsList, this.#podsByReplicaSet(s.d, selector, rsList));
    return rolloutRolling(s, rsList);
  }

  async #claimReplicaSets(d: Deployment, selector: Selector): Promise<ReplicaSet[]> {
    const ns = d.metadata!.namespace!;
    const candidates = new Map<string, ReplicaSet>();
    for (const rs of this.o.replicaSets.list(selector, ns)) candidates.set(objectKey(rs), rs);
    for (const rs of this.o.replicaSets.byOwner(d.metadata?.uid ?? '')) if (rs.metadata?.namespace === ns) candidates.set(objectKey(rs), rs);
    const { api } = this.o;
    return claimObjects(d, selector, [...candidates.values()], {
      canAdopt: async () => {
        const fresh = await api.getDeployment(ns, d.metadata!.name!);
        if (fresh.metadata?.uid !== d.metadata?.uid) throw new Error(`original Deployment ${ns}/${d.metadata?.name} is gone: got uid ${fresh.metadata?.uid}, wanted ${d.metadata?.uid}`);
        if (fresh.metadata?.deletionTimestamp) throw new Error(`${ns}/${d.metadata?.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
      },
      adopt: (rs) => api.patchReplicaSet(ns, rs.metadata!.name!, adoptPatch(d, rs)),
      release: (rs) => api.patchReplicaSet(ns, rs.metadata!.name!, releasePatch(d, rs)),
    });
  }

  /** Progressing=Unknown DeploymentPaused / DeploymentResumed, unless the deadline already passed. */
  async #checkPausedConditions(s: DeploymentSync): Promise<void> {
    const d = s.d;
    if (!hasProgressDeadline(d)) return;
    const cond = getCondition(d.status, 'Progressing');
    if (cond?.reason === Reasons.ProgressDeadlineExceeded) return;
    const pausedShown = cond?.reason === Reasons.DeploymentPaused;
    const now = this.o.clock.now();
    if (d.spec?.paused && !pausedShown) setCondition((d.status ??= {}), newCondition('Progressing', 'Unknown', Reasons.DeploymentPaused, 'Deployment is paused', now));
    else if (!d.spec?.paused && pausedShown) setCondition((d.status ??= {}), newCondition('Progressing', 'Unknown', Reasons.DeploymentResumed, 'Deployment is resumed', now));
    else return;
    await s.writeStatus();
  }

  /** spec.replicas changed since an active ReplicaSet was last sized for it. */
  async #isScalingEvent(s: DeploymentSync, rsList: readonly ReplicaSet[]): Promise<boolean> {
    const { newRS, oldRSs } = await s.allReplicaSets(rsList, false);
    return filterActive([...oldRSs, newRS]).some((rs) => {
      const desired = getIntAnnotation(rs, DESIRED_REPLICAS);
      return desired !== undefined && desired !== desiredReplicas(s.d);
    });
  }

  #podsByReplicaSet(d: Deployment, selector: Selector, rsList: readonly ReplicaSet[]): Map<string, Pod[]> {
    const map = new Map<string, Pod[]>(rsList.map((rs) => [rs.metadata!.uid!, []]));
    for (const pod of this.o.pods.list(selector, d.metadata?.namespace)) map.get(controllerOf(pod)?.uid ?? '')?.push(pod);
    return map;
  }
}

export class DeploymentController implements Controller {
  readonly name = 'deployment';
  readonly runner: ControllerRunner;
  readonly syncer: DeploymentSyncer;
  readonly #deployments: ReadonlyStore<Deployment>;
  readonly #replicaSets: ReadonlyStore<ReplicaSet>;

  constructor(ctx: ControllerContext) {
    const dInformer = ctx.informers.informerForKind<Deployment>('apps', 'v1', 'Deployment');
    const rsInformer = ctx.informers.informerForKind<ReplicaSet>('apps', 'v1', 'ReplicaSet');
    const podInformer = ctx.informers.informerForKind<Pod>('', 'v1', 'Pod');
    const logger = ctx.logger.with({ controller: this.name });
    this.#deployments = dInformer.store;
    this.#replicaSets = rsInformer.store;
    this.syncer = new DeploymentSyncer({
      deployments: dInformer.store,
      replicaSets: rsInformer.store,
      pods: podInformer.store,
      api: deploymentApi(ctx.client),
      recorder: new EventRecorder({ client: ctx.client, component: 'deployment-controller', clock: ctx.clock, logger }),
      clock: ctx.clock,
      logger,
    });
    this.runner = new ControllerRunner({ name: this.name, workers: DEPLOYMENT_WORKERS, waitFor: [ctx.informers], clock: ctx.clock, logger: ctx.logger, reconcile: (key) => this.syncer.sync(key) });
    dInformer.addEventHandler(this.runner.handlers());
    rsInformer.addEventHandler({
      onAdd: (rs) => this.#replicaSetChanged(undefined, rs),
      onUpdate: (old, cur) => this.#replicaSetChanged(old, cur),
      onDelete: (rs) => this.#enqueueOwner(rs),
    });
    // Recreate waits for old pods to be gone before it creates the new ReplicaSet's.
    podInformer.addEventHandler({ onDelete: (pod) => this.#podDeleted(pod) });
  }

  run(signal: AbortSignal): Promise<void> {
    return this.runner.run(signal);
  }

  #replicaSetChanged(old: ReplicaSet | undefined, cur: ReplicaSet): void {
    if (old && old.metadata?.resourceVersion === cur.metadata?.resourceVersion) return;
    if (old && controllerOf(old)?.uid !== controllerOf(cur)?.uid) this.#enqueueOwner(old);
    if (this.#enqueueOwner(cur) || controllerOf(cur)) return;
    const labelsChanged = !old || JSON.stringify(old.metadata?.labels ?? {}) !== JSON.stringify(cur.metadata?.labels ?? {});
    if (labelsChanged || controllerOf(old!)) {
      for (const d of this.#deployments.list(undefined, cur.metadata?.namespace ?? '')) {
        try {
          const sel = selectorFromObject(d.spec?.selector);
          if (!sel.isEmpty() && sel.matches(cur.metadata?.labels)) this.runner.enqueue(d);
        } catch {
          // an invalid selector matches nothing
        }
      }
    }
  }

  /** Queues the Deployment controlling `rs`; false when there is none we know. */
  #enqueueOwner(rs: ReplicaSet): boolean {
    const ref = controllerOf(rs);
    if (!ref || ref.kind !== 'Deployment') return false;
    const d = this.#deployments.getByName(rs.metadata?.namespace, ref.name);
    if (d?.metadata?.uid !== ref.uid) return false;
    this.runner.enqueue(d);
    return true;
  }

  #podDeleted(pod: Pod): void {
    const ref = controllerOf(pod);
    if (!ref || ref.kind !== 'ReplicaSet') return;
    const rs = this.#replicaSets.getByName(pod.metadata?.namespace, ref.name);
    const dRef = rs && controllerOf(rs);
    const d = dRef && this.#deployments.getByName(rs.metadata?.namespace, dRef.name);
    if (d?.spec?.strategy?.type === 'Recreate') this.runner.enqueue(d);
  }
}

export function deploymentApi(client: ApiClient): DeploymentApi {
  const rss = client.forKind<ReplicaSet>('apps', 'v1', 'ReplicaSet');
  const deployments = client.forKind<Deployment>('apps', 'v1', 'Deployment');
  return {
    createReplicaSet: (rs) => rss.create(rs),
    getReplicaSet: (ns, name) => rss.inNamespace(ns).get(name),
    updateReplicaSet: (rs) => rss.update(rs),
    deleteReplicaSet: async (ns, name) => {
      await rss.inNamespace(ns).delete(name);
    },
    patchReplicaSet: async (ns, name, patch) => {
      await rss.inNamespace(ns).patch(name, patch, 'strategic');
    },
    getDeployment: (ns, name) => deployments.inNamespace(ns).get(name),
    updateDeploymentStatus: (d) => deployments.updateStatus(d),
  };
}

export const newDeploymentController = (ctx: ControllerContext): Controller => new DeploymentController(ctx);
