// Test helpers for workload controllers: small object builders, a recording in-memory fake of the
// ReplicaSet controller's API writes, and a "fake kubelet" that makes pods of a real server run.
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.d.ts';
import { ApiStatusError, SharedInformerFactory, Store, isNotFound, type ApiClient, type EventType, type KubeObject } from '../../client/index.ts';
import { createLogger } from '../../log/logger.ts';
import { rfc3339 } from './pod-status.ts';
import type { ReplicaSetApi } from './sync.ts';

export const quietLogger = createLogger({ level: 'error', write: () => undefined });

export interface PodOptions {
  node?: string;
  phase?: string;
  ready?: boolean;
  readySince?: number;
  created?: number;
  restarts?: number;
  labels?: Record<string, string>;
  owner?: KubeObject;
  uid?: string;
  deleting?: boolean;
  annotations?: Record<string, string>;
}

export function pod(name: string, o: PodOptions = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: o.uid ?? `uid-${name}`,
      labels: o.labels ?? { app: 'web' },
      ...(o.annotations ? { annotations: o.annotations } : {}),
      ...(o.created !== undefined ? { creationTimestamp: rfc3339(o.created) } : {}),
      ...(o.deleting ? { deletionTimestamp: rfc3339(0) } : {}),
      ...(o.owner ? { ownerReferences: [{ apiVersion: o.owner.apiVersion!, kind: o.owner.kind!, name: o.owner.metadata!.name!, uid: o.owner.metadata!.uid!, controller: true }] } : {}),
    },
    spec: { containers: [{ name: 'c', image: 'img' }], ...(o.node ? { nodeName: o.node } : {}) },
    status: {
      phase: o.phase ?? 'Pending',
      ...(o.ready !== undefined ? { conditions: [{ type: 'Ready', status: o.ready ? 'True' : 'False', ...(o.readySince !== undefined ? { lastTransitionTime: rfc3339(o.readySince) } : {}) }] } : {}),
      ...(o.restarts !== undefined ? { containerStatuses: [{ name: 'c', image: 'img', imageID: '', ready: Boolean(o.ready), restartCount: o.restarts }] } : {}),
    },
  } as Pod;
}

export function replicaSet(name: string, replicas: number, o: { minReadySeconds?: number; generation?: number; status?: ReplicaSet['status']; owner?: KubeObject } = {}): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      generation: o.generation ?? 1,
      ...(o.owner ? { ownerReferences: [{ apiVersion: o.owner.apiVersion!, kind: o.owner.kind!, name: o.owner.metadata!.name!, uid: o.owner.metadata!.uid!, controller: true }] } : {}),
    },
    spec: {
      replicas,
      minReadySeconds: o.minReadySeconds ?? 0,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'img' }] } },
    },
    ...(o.status ? { status: o.status } : {}),
  };
}

export function storeOf<T extends KubeObject>(...objs: T[]): Store<T> {
  const s = new Store<T>();
  for (const o of objs) s.put(structuredClone(o));
  return s;
}

/** Records every call; pods created get generated names; `failCreatesAfter` makes later creates fail like a quota. */
export class FakeReplicaSetApi implements ReplicaSetApi {
  readonly created: Pod[] = [];
  readonly deleted: string[] = [];
  readonly patched: { name: string; patch: unknown }[] = [];
  readonly statuses: ReplicaSet[] = [];
  failCreatesAfter = Infinity;
  #seq = 0;

  constructor(readonly replicaSets: Store<ReplicaSet>) {}

  async createPod(namespace: string, p: Pod): Promise<Pod> {
    if (this.created.length >= this.failCreatesAfter) {
      throw new ApiStatusError(403, 'Forbidden', 'pods "x" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2');
    }
    const made = structuredClone(p);
    made.metadata!.name = `${p.metadata!.generateName}${String(this.#seq++).padStart(5, 'x')}`;
    made.metadata!.namespace = namespace;
    this.created.push(made);
    return made;
  }

  async deletePod(namespace: string, name: string): Promise<void> {
    this.deleted.push(`${namespace}/${name}`);
  }

  async patchPod(_namespace: string, name: string, patch: unknown): Promise<void> {
    this.patched.push({ name, patch });
  }

  async getReplicaSet(namespace: string, name: string): Promise<ReplicaSet> {
    const rs = this.replicaSets.getByName(namespace, name);
    if (!rs) throw new ApiStatusError(404, 'NotFound', `replicasets "${name}" not found`);
    return structuredClone(rs);
  }

  async updateReplicaSetStatus(rs: ReplicaSet): Promise<ReplicaSet> {
    this.statuses.push(structuredClone(rs));
    return rs;
  }
}

export class RecordingEvents {
  readonly events: { reason: string; type: EventType; message: string; object: string }[] = [];
  async event(obj: KubeObject, type: EventType, reason: string, message: string): Promise<void> {
    this.events.push({ reason, type, message, object: obj.metadata?.name ?? '' });
  }
}

/**
 * What a node agent would do, for tests against a real server without one: binds each new pod in
 * `namespace` to `node`, reports it Running and Ready, and removes pods that get a deletionTimestamp
 * (gracePeriodSeconds=0). Stops when `signal` aborts.
 */
export async function startFakeKubelet(client: ApiClient, namespace: string, signal: AbortSignal, node = 'node-1'): Promise<void> {
  const pods = client.forKind<Pod>('', 'v1', 'Pod', namespace);
  const factory = new SharedInformerFactory(client, { logger: quietLogger });
  const informer = factory.informerForKind<Pod>('', 'v1', 'Pod', { namespace });
  const busy = new Set<string>();
  const handle = (p: Pod) => {
    const name = p.metadata!.name!;
    if (busy.has(name) || signal.aborted) return;
    busy.add(name);
    void step(p).catch((err) => {
      if (!isNotFound(err) && !signal.aborted) quietLogger.warn('fake kubelet', { err: String(err) });
    }).finally(() => busy.delete(name));
  };
  const step = async (p: Pod) => {
    const name = p.metadata!.name!;
    if (p.metadata?.deletionTimestamp) {
      await pods.delete(name, { gracePeriodSeconds: 0 });
      return;
    }
    if (!p.spec?.nodeName) await pods.bind(name, node);
    if (p.status?.phase !== 'Running' || p.status?.conditions?.find((c) => c.type === 'Ready')?.status !== 'True') {
      const now = rfc3339(Date.now());
      const ready = { type: 'Ready', status: 'True', lastTransitionTime: now };
      const containerStatuses = (p.spec?.containers ?? []).map((c) => ({ name: c.name, image: c.image, imageID: '', ready: true, started: true, restartCount: 0, state: { running: { startedAt: now } } }));
      await pods.patchStatus(name, { status: { phase: 'Running', conditions: [ready, { type: 'ContainersReady', status: 'True', lastTransitionTime: now }], containerStatuses, startTime: now } });
    }
  };
  informer.addEventHandler({ onAdd: handle, onUpdate: (_o, n) => handle(n) });
  factory.start(signal);
  await factory.waitForSync(signal);
}
