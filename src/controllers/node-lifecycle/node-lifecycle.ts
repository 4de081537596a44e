// The node lifecycle controller: node health monitoring and tainting (monitor.ts) and taint-based
// eviction (eviction.ts), each over its own work queue, sharing the node, lease and pod caches.
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { Lease } from 'kubernetes-types/coordination/v1.d.ts';
import { ControllerRunner, objectKey, type Controller } from '../../client/index.ts';
import type { ControllerContext } from '../types.ts';
import { noExecuteTaints, TaintEviction } from './eviction.ts';
import { NODE_LEASE_NAMESPACE, NodeMonitor, PODS_BY_NODE } from './monitor.ts';

/** Upstream looks every 5 s; a shorter grace period (tests) is checked proportionally more often. */
export const monitorPeriodFor = (gracePeriodMs: number) => Math.max(100, Math.min(5_000, Math.floor(gracePeriodMs / 4)));

export function nodeLifecycleController(ctx: ControllerContext): Controller {
  const nodes = ctx.informers.informerForKind<Node>('', 'v1', 'Node');
  const pods = ctx.informers.informerForKind<Pod>('', 'v1', 'Pod');
  const leases = ctx.informers.informerForKind<Lease>('coordination.k8s.io', 'v1', 'Lease', { namespace: NODE_LEASE_NAMESPACE });
  pods.addIndex(PODS_BY_NODE, (p) => (p.spec?.nodeName ? [p.spec.nodeName] : []));
  const logger = ctx.logger.with({ controller: 'node-lifecycle' });
  const common = { nodes: nodes.store, pods: pods.store, podClient: ctx.client.forKind<Pod>('', 'v1', 'Pod'), recorder: ctx.recorder, clock: ctx.clock, logger };
  const gracePeriodMs = ctx.options.nodeMonitorGracePeriodMs;
  const monitor = new NodeMonitor({ ...common, leases: leases.store, nodeClient: ctx.client.forKind<Node>('', 'v1', 'Node'), gracePeriodMs, monitorPeriodMs: monitorPeriodFor(gracePeriodMs) });
  const eviction = new TaintEviction(common);
  const waitFor = [nodes, pods, leases];
  const health = new ControllerRunner({ name: 'node-lifecycle', workers: 2, waitFor, clock: ctx.clock, logger, reconcile: (key) => monitor.sync(key) });
  const evictor = new ControllerRunner({ name: 'taint-eviction', workers: 2, waitFor, clock: ctx.clock, logger, reconcile: (key) => eviction.sync(key) });

  nodes.addEventHandler({
    onAdd: (n) => health.enqueue(n),
    onUpdate: (old, n) => {
      health.enqueue(n);
      if (JSON.stringify(noExecuteTaints(old)) !== JSON.stringify(noExecuteTaints(n))) {
        for (const p of pods.store.byIndex(PODS_BY_NODE, n.metadata!.name!)) evictor.enqueue(p);
      }
    },
    onDelete: (n) => health.enqueue(n),
  });
  leases.addEventHandler({ onAdd: (l) => health.queue.add(l.metadata!.name!), onUpdate: (_o, l) => health.queue.add(l.metadata!.name!) });
  pods.addEventHandler({ onAdd: (p) => evictor.enqueue(p), onUpdate: (_o, p) => evictor.enqueue(p), onDelete: (p) => evictor.queue.add(objectKey(p)) });
  return {
    name: 'node-lifecycle',
    async run(signal) {
      await Promise.all([health.run(signal), evictor.run(signal)]);
    },
  };
}
