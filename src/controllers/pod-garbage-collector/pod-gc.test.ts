import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import { ApiStatusError, FakeClock, Store } from '../../client/index.ts';
import { createLogger } from '../../log/logger.ts';
import { PodGc, QUARANTINE_MS } from './pod-gc.ts';

interface PodSpec { node?: string; phase?: string; reason?: string; created?: number; deleting?: boolean }
const pod = (name: string, o: PodSpec = {}): Pod => ({
  metadata: { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: new Date(Date.UTC(2024, 0, 1, 0, 0, o.created ?? 0)).toISOString(), ...(o.deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}) },
  spec: { containers: [], ...(o.node ? { nodeName: o.node } : {}) },
  status: { phase: o.phase ?? 'Running', ...(o.reason ? { reason: o.reason } : {}) },
});
const node = (name: string, o: { ready?: boolean; outOfService?: boolean } = {}): Node => ({
  metadata: { name },
  spec: o.outOfService ? { taints: [{ key: 'node.kubernetes.io/out-of-service', effect: 'NoExecute' }] } : {},
  status: { conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
});

function setup(pods: Pod[], nodes: Node[], threshold = 10, apiNodes = nodes.map((n) => n.metadata!.name!)) {
  const podStore = new Store<Pod>();
  const nodeStore = new Store<Node>();
  for (const p of pods) podStore.put(p);
  for (const n of nodes) nodeStore.put(n);
  const calls: string[] = [];
  const clock = new FakeClock();
  const client = {
    patchStatus: async (name: string, body: unknown) => void calls.push(`status ${name} ${JSON.stringify(body)}`),
    delete: async (name: string, opts: { gracePeriodSeconds?: number }) => void calls.push(`delete ${name} grace=${opts.gracePeriodSeconds}`),
  };
  const gc = new PodGc({
    pods: podStore,
    nodes: nodeStore,
    podClient: { inNamespace: () => client as never },
    nodeClient: {
      get: async (name: string) => {
        if (apiNodes.includes(name)) return node(name);
        throw new ApiStatusError(404, 'NotFound', `nodes "${name}" not found`);
      },
    },
    clock,
    logger: createLogger({ level: 'error' }),
    terminatedPodThreshold: threshold,
  });
  return { gc, calls, clock };
}

describe('PodGc', () => {
  it('deletes terminated pods above the threshold, evicted then oldest first', async () => {
    const pods = [
      pod('new', { phase: 'Succeeded', created: 30, node: 'n' }),
      pod('old', { phase: 'Failed', created: 10, node: 'n' }),
      pod('evicted', { phase: 'Failed', reason: 'Evicted', created: 40, node: 'n' }),
      pod('mid', { phase: 'Succeeded', created: 20, node: 'n' }),
      pod('running', { created: 0, node: 'n' }),
    ];
    const { gc, calls } = setup(pods, [node('n')], 2);
    await gc.gc();
    assert.deepEqual(calls, ['delete evicted grace=0', 'delete old grace=0']);
  });

  it('collects pods of a vanished node only after the quarantine and a NotFound from the API', async () => {
    const { gc, calls, clock } = setup([pod('orphan', { node: 'gone' }), pod('lagging', { node: 'cache-behind' }), pod('fine', { node: 'n' })], [node('n')], 10, ['n', 'cache-behind']);
    await gc.gc();
    assert.deepEqual(calls, []);
    await clock.advance(QUARANTINE_MS);
    await gc.gc();
    assert.equal(calls.length, 2);
    assert.match(calls[0]!, /^status orphan .*"phase":"Failed".*"type":"DisruptionTarget".*"reason":"DeletionByPodGC"/);
    assert.equal(calls[1], 'delete orphan grace=0');
  });

  const terminating: [string, Pod, Node[], string[]][] = [
    ['unscheduled terminating pod', pod('p', { deleting: true }), [], ['status p {"status":{"phase":"Failed"}}', 'delete p grace=0']],
    ['terminating on a not-ready out-of-service node', pod('p', { deleting: true, node: 'n' }), [node('n', { ready: false, outOfService: true })], ['status p {"status":{"phase":"Failed"}}', 'delete p grace=0']],
    ['terminating on a not-ready node without the taint', pod('p', { deleting: true, node: 'n' }), [node('n', { ready: false })], []],
    ['terminating on a ready out-of-service node', pod('p', { deleting: true, node: 'n' }), [node('n', { outOfService: true })], []],
  ];
  for (const [what, p, nodes, want] of terminating) {
    it(what, async () => {
      const { gc, calls } = setup([p], nodes);
      await gc.gc();
      assert.deepEqual(calls, want);
    });
  }
});
