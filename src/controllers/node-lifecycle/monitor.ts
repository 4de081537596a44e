// Node health monitoring: a node whose agent stopped renewing its Lease and posting Ready within the
// grace period gets its conditions set to Unknown (its pods marked not ready, a NodeNotReady event),
// and every node carries the taints its conditions call for, removed again when it recovers.
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { Lease } from 'kubernetes-types/coordination/v1.d.ts';
import type { Clock, EventRecorder, ReadonlyStore, ReconcileResult, ResourceClient } from '../../client/index.ts';
import type { Logger } from '../../log/logger.ts';
import { metaTime, NodeHealth, unknownConditions } from './health.ts';
import { conditionTaints, reconcileTaints } from './taints.ts';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
/** Pods filed by spec.nodeName. */
export const PODS_BY_NODE = 'node-lifecycle/node';

export interface NodeMonitorOptions {
  nodes: ReadonlyStore<Node>;
  leases: ReadonlyStore<Lease>;
  /** Must carry the PODS_BY_NODE index. */
  pods: ReadonlyStore<Pod>;
  nodeClient: Pick<ResourceClient<Node>, 'updateStatus' | 'patch'>;
  podClient: Pick<ResourceClient<Pod>, 'inNamespace'>;
  recorder: Pick<EventRecorder, 'event'>;
  clock: Clock;
  logger: Logger;
  gracePeriodMs: number;
  /** How often each node is looked at again (upstream nodeMonitorPeriod, 5 s). */
  monitorPeriodMs: number;
}

const readyOf = (node: Node) => node.status?.conditions?.find((c) => c.type === 'Ready')?.status;

export class NodeMonitor {
  readonly #health = new NodeHealth();

  constructor(readonly o: NodeMonitorOptions) {}

  async sync(name: string): Promise<ReconcileResult> {
    const cached = this.o.nodes.getByName(undefined, name);
    if (!cached) {
      this.#health.forget(name);
      return;
    }
    const now = this.o.clock.now();
    const heardFrom = this.#health.observe(cached, this.o.leases.getByName(NODE_LEASE_NAMESPACE, name), now);
    let node = cached;
    if (now - heardFrom > this.o.gracePeriodMs) node = await this.#markUnknown(cached, now);
    const taints = reconcileTaints(node.spec?.taints ?? [], conditionTaints(node, metaTime(now)));
    if (taints) {
      await this.o.nodeClient.patch(name, { metadata: { resourceVersion: node.metadata!.resourceVersion }, spec: { taints } }, 'merge');
      this.o.logger.info('node taints updated', { node: name, taints: taints.map((t) => `${t.key}:${t.effect}`) });
    }
    return { requeueAfter: this.o.monitorPeriodMs };
  }

  async #markUnknown(node: Node, now: number): Promise<Node> {
    const conditions = unknownConditions(node, now);
    if (!conditions) return node;
    // Node.status is readonly in kubernetes-types (kubelet-owned); the controller writes it through status.
    const next: Node = { ...structuredClone(node), status: { ...structuredClone(node.status), conditions } };
    const updated = await this.o.nodeClient.updateStatus(next);
    this.o.logger.warn('node stopped posting status; conditions set to Unknown', { node: node.metadata!.name });
    if (readyOf(node) === 'True') {
      void this.o.recorder.event(node, 'Normal', 'NodeNotReady', `Node ${node.metadata!.name} status is now: NodeNotReady`);
      await this.#markPodsNotReady(node.metadata!.name!, now);
    }
    return updated;
  }

  /** Upstream MarkPodsNotReady: endpoints stop routing to pods nobody can vouch for. */
  async #markPodsNotReady(nodeName: string, now: number): Promise<void> {
    for (const pod of this.o.pods.byIndex(PODS_BY_NODE, nodeName)) {
      const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
      if (ready?.status !== 'True') continue;
      const { namespace, name } = pod.metadata!;
      const patch = { status: { conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: metaTime(now) }] } };
      await this.o.podClient.inNamespace(namespace!).patchStatus(name!, patch, 'strategic').catch((err: unknown) => {
        this.o.logger.warn('could not mark pod not ready', { pod: `${namespace}/${name}`, error: String(err) });
      });
    }
  }
}
