// Against a real `kites server`: the scheduler inside it binds pods to nodes the test creates.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Event, Node, Pod, Taint } from 'kubernetes-types/core/v1.d.ts';
import { ApiClient, type ResourceClient } from '../client/index.ts';
import { startKitesServer, type KitesServer } from '../../test/support/kites-server.ts';

let server: KitesServer;
let client: ApiClient;
let nodes: ResourceClient<Node>;
let pods: ResourceClient<Pod>;
let events: ResourceClient<Event>;

before(async () => {
  server = await startKitesServer();
  client = await ApiClient.fromKubeconfig(server.kubeconfig);
  nodes = client.forKind<Node>('', 'v1', 'Node');
  pods = client.forKind<Pod>('', 'v1', 'Pod', 'default');
  events = client.forKind<Event>('', 'v1', 'Event', 'default');
});

after(async () => {
  client?.close();
  await server?.stop();
});

async function addNode(name: string, cpu: string, taints: Taint[] = []): Promise<void> {
  await nodes.create({ metadata: { name, labels: { 'kubernetes.io/hostname': name } }, spec: { taints } });
  const resources = { cpu, memory: '8Gi', pods: '110' };
  await nodes.patchStatus(name, { status: { capacity: resources, allocatable: resources, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: new Date().toISOString() }] } });
}

async function addPod(name: string, cpu: string): Promise<void> {
  await pods.create({ metadata: { name }, spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.9', resources: { requests: { cpu } } }] } });
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const nodeOf = (name: string) => eventually(`${name} to be bound`, async () => (await pods.get(name)).spec?.nodeName || undefined);

test('scheduler: binds to fitting nodes, keeps off tainted ones, explains failures, reacts to new nodes', async () => {
  await addNode('cp', '8', [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
  await addNode('w1', '1');
  await addNode('w2', '1');

  // The roomy control-plane node would win every score; its taint keeps pods off it.
  for (const name of ['a', 'b', 'c']) await addPod(name, '300m');
  const placed = await Promise.all(['a', 'b', 'c'].map(nodeOf));
  for (const n of placed) assert.ok(n === 'w1' || n === 'w2', `bound to ${n}`);
  const scheduled = await eventually('Scheduled event', async () => (await events.list({ fieldSelector: 'involvedObject.name=a' })).items.find((e) => e.reason === 'Scheduled'));
  assert.equal(scheduled.message, `Successfully assigned default/a to ${placed[0]}`);
  assert.equal(scheduled.source?.component, 'default-scheduler');
  const boundPod = await pods.get('a');
  assert.equal(boundPod.status?.conditions?.find((c) => c.type === 'PodScheduled')?.status, 'True');

  // Too big for every worker.
  await addPod('big', '2');
  const message = '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';
  const condition = await eventually('PodScheduled=False', async () => (await pods.get('big')).status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False'));
  assert.equal(condition.reason, 'Unschedulable');
  assert.equal(condition.message, message);
  const failed = await eventually('FailedScheduling event', async () => (await events.list({ fieldSelector: 'involvedObject.name=big' })).items.find((e) => e.reason === 'FailedScheduling'));
  assert.equal(failed.type, 'Warning');
  assert.equal(failed.message, message);

  // A node that fits: the pending pod is retried on the NodeAdd event, not after the 5-minute flush.
  await addNode('w3', '4');
  assert.equal(await nodeOf('big'), 'w3');
});
