import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { Lease } from 'kubernetes-types/coordination/v1.d.ts';
import { FakeClock, Store } from '../../client/index.ts';
import { createLogger } from '../../log/logger.ts';
import { TaintEviction } from './eviction.ts';
import { metaTime } from './health.ts';
import { NodeMonitor, PODS_BY_NODE } from './monitor.ts';

const GRACE = 40_000;

function cluster() {
  const clock = new FakeClock();
  const nodes = new Store<Node>();
  const leases = new Store<Lease>();
  const pods = new Store<Pod>();
  pods.addIndex(PODS_BY_NODE, (p) => (p.spec?.nodeName ? [p.spec.nodeName] : []));
  const calls: string[] = [];
  let rv = 1;
  const podApi = {
    patchStatus: async (name: string, body: unknown) => void calls.push(`pod status ${name} ${JSON.stringify(body)}`),
    delete: async (name: string) => void calls.push(`pod delete ${name}`),
  };
  const common = { nodes, pods, podClient: { inNamespace: () => podApi as never }, recorder: { event: async (_o: unknown, _t: string, reason: string) => void calls.push(`event ${reason}`) }, clock, logger: createLogger({ level: 'error' }) };
  const monitor = new NodeMonitor({
    ...common,
    leases,
    gracePeriodMs: GRACE,
    monitorPeriodMs: 5_000,
    nodeClient: {
      updateStatus: async (n: Node) => {
        const stored = { ...n, metadata: { ...n.metadata, resourceVersion: String(++rv) } };
        nodes.put(stored);
        calls.push(`node status ${n.status!.conditions!.map((c) => `${c.type}=${c.status}/${c.reason}`).join(',')}`);
        return stored;
      },
      patch: async (name: string, body: unknown) => {
        const taints = (body as { spec: { taints: Node['spec'] extends infer S ? S extends { taints?: infer T } ? T : never : never } }).spec.taints ?? [];
        const n = structuredClone(nodes.getByName(undefined, name)!) as Node;
        n.spec = { ...n.spec, taints };
        nodes.put(n);
        calls.push(`node taints ${taints.map((t) => `${t.key}:${t.effect}`).join(',')}`);
        return n;
      },
    },
  });
  const eviction = new TaintEviction(common);
  const heartbeat = (name: string, ready = 'True') =>
    nodes.put({
      metadata: { name, creationTimestamp: metaTime(clock.now()), resourceVersion: String(++rv) },
      spec: structuredClone(nodes.getByName(undefined, name)?.spec ?? {}),
      status: { conditions: [{ type: 'Ready', status: ready, lastHeartbeatTime: metaTime(clock.now()) }] },
    });
  const renew = (name: string) => leases.put({ metadata: { name, namespace: 'kube-node-lease' }, spec: { holderIdentity: name, renewTime: new Date(clock.now()).toISOString() } });
  return { clock, nodes, pods, calls, monitor, eviction, heartbeat, renew };
}

const runningPod = (name: string, tolerationSeconds?: number): Pod => ({
  metadata: { name, namespace: 'default', uid: `uid-${name}` },
  spec: { nodeName: 'n1', containers: [], tolerations: tolerationSeconds === undefined ? [] : [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds }] },
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
});

describe('NodeMonitor', () => {
  it('keeps a node whose Lease is renewed, though its Ready heartbeat is old', async () => {
    const c = cluster();
    c.heartbeat('n1');
    for (let i = 0; i < 20; i++) {
      c.renew('n1');
      await c.monitor.sync('n1');
      await c.clock.advance(10_000);
    }
    assert.deepEqual(c.calls, []);
  });

  it('sets a silent node Unknown, taints it unreachable, marks its pods not ready, and untaints it on recovery', async () => {
    const c = cluster();
    c.heartbeat('n1');
    c.renew('n1');
    c.pods.put(runningPod('p'));
    assert.deepEqual(await c.monitor.sync('n1'), { requeueAfter: 5_000 });
    await c.clock.advance(GRACE);
    await c.monitor.sync('n1');
    assert.deepEqual(c.calls, []);
    await c.clock.advance(1);
    await c.monitor.sync('n1');
    assert.deepEqual(c.calls.slice(0, 3), [
      'node status Ready=Unknown/NodeStatusUnknown,MemoryPressure=Unknown/NodeStatusNeverUpdated,DiskPressure=Unknown/NodeStatusNeverUpdated,PIDPressure=Unknown/NodeStatusNeverUpdated',
      'event NodeNotReady',
      `pod status p {"status":{"conditions":[{"type":"Ready","status":"False","lastTransitionTime":"${metaTime(c.clock.now())}"}]}}`,
    ]);
    assert.equal(c.calls[3], 'node taints node.kubernetes.io/unreachable:NoSchedule,node.kubernetes.io/unreachable:NoExecute');
    const message = c.nodes.getByName(undefined, 'n1')!.status!.conditions![0]!.message;
    assert.equal(message, 'Kubelet stopped posting node status.');
    c.calls.length = 0;
    c.heartbeat('n1');
    await c.monitor.sync('n1');
    assert.deepEqual(c.calls, ['node taints ']);
  });

  it('taints a node reporting Ready=False not-ready', async () => {
    const c = cluster();
    c.heartbeat('n1', 'False');
    await c.monitor.sync('n1');
    assert.deepEqual(c.calls, ['node taints node.kubernetes.io/not-ready:NoSchedule,node.kubernetes.io/not-ready:NoExecute']);
  });
});

describe('TaintEviction', () => {
  it('evicts untolerating pods at once and tolerating ones after tolerationSeconds, unless the taint goes', async () => {
    const c = cluster();
    c.nodes.put({ metadata: { name: 'n1' }, spec: { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] } });
    c.pods.put(runningPod('bare'));
    c.pods.put(runningPod('patient', 30));
    c.pods.put(runningPod('rescued', 60));
    await c.eviction.sync('default/bare');
    assert.deepEqual(await c.eviction.sync('default/patient'), { requeueAfter: 30_000 });
    assert.deepEqual(await c.eviction.sync('default/rescued'), { requeueAfter: 60_000 });
    assert.deepEqual(c.calls.filter((x) => x.startsWith('pod delete')), ['pod delete bare']);
    assert.match(c.calls.find((x) => x.startsWith('pod status bare'))!, /DisruptionTarget.*DeletionByTaintManager/);
    await c.clock.advance(30_000);
    await c.eviction.sync('default/patient');
    c.nodes.put({ metadata: { name: 'n1' }, spec: {} });
    await c.eviction.sync('default/rescued');
    await c.clock.advance(60_000);
    await c.eviction.sync('default/rescued');
    assert.deepEqual(c.calls.filter((x) => x.startsWith('pod delete')), ['pod delete bare', 'pod delete patient']);
    assert.ok(c.calls.includes('event TaintManagerEviction'));
  });
});
