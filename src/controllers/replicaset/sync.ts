// One ReplicaSet's reconcile (upstream syncReplicaSet): claim the matching pods, create or delete
// pods toward spec.replicas unless earlier creates/deletes are still unobserved, then write status.
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { ReplicaSet, ReplicaSetStatus } from 'kubernetes-types/apps/v1.d.ts';
import { selectorFromObject, type Selector } from '../../api/selectors/index.ts';
import { ApiStatusError, isConflict, isNotFound, objectKey, type Clock, type EventType, type KubeObject, type ReadonlyStore, type ReconcileResult } from '../../client/index.ts';
import type { Logger } from '../../log/logger.ts';
import { podsToDelete } from './deletion-order.ts';
import type { Expectations } from './expectations.ts';
import { adoptPatch, claimObjects, controllerOf, controllerRef, releasePatch } from './owner-refs.ts';
import { isPodActive } from './pod-status.ts';
import { slowStartBatch } from './slow-start.ts';
import { calculateStatus, nextAvailableInMs, statusEqual } from './status.ts';

/** Upstream's burstReplicas: at most this many creates or deletes per sync. */
export const BURST_REPLICAS = 500;
export const SLOW_START_INITIAL_BATCH = 1;

/** The API writes the ReplicaSet controller makes. */
export interface ReplicaSetApi {
  createPod(namespace: string, pod: Pod): Promise<Pod>;
  deletePod(namespace: string, name: string): Promise<void>;
  patchPod(namespace: string, name: string, patch: unknown): Promise<void>;
  getReplicaSet(namespace: string, name: string): Promise<ReplicaSet>;
  updateReplicaSetStatus(rs: ReplicaSet): Promise<ReplicaSet>;
}

export interface EventSink {
  event(obj: KubeObject, type: EventType, reason: string, message: string): Promise<void>;
}

export interface ReplicaSetSyncerOptions {
  replicaSets: ReadonlyStore<ReplicaSet>;
  pods: ReadonlyStore<Pod>;
  api: ReplicaSetApi;
  expectations: Expectations;
  recorder: EventSink;
  clock: Clock;
  logger: Logger;
  burstReplicas?: number;
}

export class ReplicaSetSyncer {
  constructor(readonly o: ReplicaSetSyncerOptions) {}

  async sync(key: string): Promise<ReconcileResult> {
    const { replicaSets, expectations, clock } = this.o;
    const rs = replicaSets.get(key);
    if (!rs) {
      expectations.delete(key);
      return;
    }
    const needsSync = expectations.satisfied(key);
    let selector: Selector;
    try {
      selector = selectorFromObject(rs.spec?.selector);
    } catch (err) {
      this.o.logger.warn('invalid selector; not syncing', { key, error: String(err) });
      return;
    }
    const pods = await this.#claimPods(rs, selector);
    let manageError: unknown;
    if (needsSync && !rs.metadata?.deletionTimestamp) {
      try {
        await this.#manageReplicas(key, pods, rs);
      } catch (err) {
        manageError = err;
      }
    }
    const now = clock.now();
    const updated = await this.#updateStatus(rs, calculateStatus(rs, pods, manageError, now));
    if (manageError !== undefined) throw manageError;
    const replicas = updated.spec?.replicas ?? 1;
    const st: Partial<ReplicaSetStatus> = updated.status ?? {};
    if ((updated.spec?.minReadySeconds ?? 0) > 0 && (st.readyReplicas ?? 0) === replicas && (st.availableReplicas ?? 0) !== replicas) {
      const after = nextAvailableInMs(updated, pods, now);
      if (after !== undefined) return { requeueAfter: after };
    }
  }

  /** Active pods the ReplicaSet controls or adopts: matching ones plus the ones it owns (to release). */
  async #claimPods(rs: ReplicaSet, selector: Selector): Promise<Pod[]> {
    const ns = rs.metadata?.namespace;
    const candidates = new Map<string, Pod>();
    for (const p of this.o.pods.list(selector, ns)) candidates.set(objectKey(p), p);
    for (const p of this.o.pods.byOwner(rs.metadata?.uid ?? '')) if (p.metadata?.namespace === ns) candidates.set(objectKey(p), p);
    const active = [...candidates.values()].filter(isPodActive);
    const { api } = this.o;
    return claimObjects(rs, selector, active, {
      canAdopt: async () => {
        const fresh = await api.getReplicaSet(ns!, rs.metadata!.name!);
        if (fresh.metadata?.uid !== rs.metadata?.uid) throw new Error(`original ReplicaSet ${ns}/${rs.metadata?.name} is gone: got uid ${fresh.metadata?.uid}, wanted ${rs.metadata?.uid}`);
        if (fresh.metadata?.deletionTimestamp) throw new Error(`${ns}/${rs.metadata?.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
      },
      adopt: (pod) => api.patchPod(ns!, pod.metadata!.name!, adoptPatch(rs, pod)),
      release: (pod) => api.patchPod(ns!, pod.metadata!.name!, releasePatch(rs, pod)),
    });
  }

  async #manageReplicas(key: string, pods: Pod[], rs: ReplicaSet): Promise<void> {
    const burst = this.o.burstReplicas ?? BURST_REPLICAS;
    const diff = pods.length - (rs.spec?.replicas ?? 1);
    if (diff < 0) await this.#createPods(key, rs, Math.min(-diff, burst));
    else if (diff > 0) await this.#deletePods(key, rs, pods, Math.min(diff, burst));
  }

  async #createPods(key: string, rs: ReplicaSet, count: number): Promise<void> {
    const { api, expectations, recorder } = this.o;
    const ns = rs.metadata!.namespace!;
    expectations.expectCreations(key, count);
    const { successes, error } = await slowStartBatch(count, SLOW_START_INITIAL_BATCH, async () => {
      try {
        const created = await api.createPod(ns, podFromTemplate(rs));
        void recorder.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata?.name}`);
      } catch (err) {
        // A terminating namespace refuses creates; nothing to retry until it is gone.
        if (hasCause(err, 'NamespaceTerminating')) return;
        void recorder.event(rs, 'Warning', 'FailedCreate', `Error creating: ${messageOf(err)}`);
        throw err;
      }
    });
    // Creates that were never sent (or failed) will not be observed.
    for (let i = successes; i < count; i++) expectations.creationObserved(key);
    if (error !== undefined) throw error;
  }

  async #deletePods(key: string, rs: ReplicaSet, pods: Pod[], count: number): Promise<void> {
    const { api, expectations, recorder, clock } = this.o;
    const victims = podsToDelete(pods, this.#relatedPods(rs), count, clock.now());
    expectations.expectDeletions(key, victims.map(objectKey));
    const errors: unknown[] = [];
    await Promise.all(victims.map(async (pod) => {
      try {
        await api.deletePod(pod.metadata!.namespace!, pod.metadata!.name!);
        void recorder.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata?.name}`);
      } catch (err) {
        expectations.deletionObserved(key, objectKey(pod));
        if (isNotFound(err)) return;
        void recorder.event(rs, 'Warning', 'FailedDelete', `Error deleting: ${messageOf(err)}`);
        errors.push(err);
      }
    }));
    if (errors.length) throw errors[0];
  }

  /** Pods of every ReplicaSet with the same controller (e.g. one Deployment's), for node ranking. */
  #relatedPods(rs: ReplicaSet): Pod[] {
    const owner = controllerOf(rs);
    if (!owner) return [];
    const seen = new Map<string, Pod>();
    for (const sibling of this.o.replicaSets.byOwner(owner.uid)) {
      if (sibling.metadata?.namespace !== rs.metadata?.namespace || controllerOf(sibling)?.uid !== owner.uid) continue;
      let selector: Selector;
      try {
        selector = selectorFromObject(sibling.spec?.selector);
      } catch {
        continue;
      }
      for (const p of this.o.pods.list(selector, sibling.metadata?.namespace)) seen.set(p.metadata?.uid ?? objectKey(p), p);
    }
    return [...seen.values()];
  }

  /** Writes status when it changed; one retry on a fresh copy after a conflict (upstream retries once). */
  async #updateStatus(rs: ReplicaSet, status: ReplicaSetStatus): Promise<ReplicaSet> {
    const generation = rs.metadata?.generation ?? 0;
    if (statusEqual(rs.status, status) && (rs.status?.observedGeneration ?? 0) === generation) return rs;
    const next: ReplicaSet = { ...structuredClone(rs), status: { ...status, observedGeneration: generation } };
    try {
      return await this.o.api.updateReplicaSetStatus(next);
    } catch (err) {
      if (!isConflict(err)) throw err;
      const fresh = await this.o.api.getReplicaSet(rs.metadata!.namespace!, rs.metadata!.name!);
      return this.o.api.updateReplicaSetStatus({ ...fresh, status: { ...status, observedGeneration: fresh.metadata?.generation ?? generation } });
    }
  }
}

/** A pod from the ReplicaSet's template: its labels, annotations and spec, named "<rs>-<random>". */
export function podFromTemplate(rs: ReplicaSet): Pod {
  const t = structuredClone(rs.spec?.template ?? {});
  const meta = t.metadata ?? {};
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${rs.metadata?.name}-`,
      namespace: rs.metadata?.namespace,
      ...(meta.labels ? { labels: meta.labels } : {}),
      ...(meta.annotations ? { annotations: meta.annotations } : {}),
      ...(meta.finalizers ? { finalizers: meta.finalizers } : {}),
      ownerReferences: [controllerRef(rs)],
    },
    spec: t.spec ?? { containers: [] },
  };
}

function hasCause(err: unknown, type: string): boolean {
  return err instanceof ApiStatusError && (err.details?.causes ?? []).some((c) => (c as { type?: string }).type === type || c.reason === type);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
