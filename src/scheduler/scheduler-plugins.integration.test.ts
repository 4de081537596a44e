// Against a real `kites server`: pod anti-affinity spreads replicas over nodes, topology spread
// balances zones, and preemption evicts low-priority pods on hollow nodes (a real `kites agent
// --runtime fake`) for a high-priority pod while a preemptionPolicy: Never pod keeps waiting.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Event, Node, Pod, PodSpec } from 'kubernetes-types/core/v1.d.ts';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1.d.ts';
import { ApiClient, type ResourceClient } from '../client/index.ts';
import { eventually } from '../../test/support/eventually.ts';
import { startHollowNodes, type HollowNodes } from '../../test/support/hollow-nodes.ts';
import { startKitesServer, type KitesServer } from '../../test/support/kites-server.ts';

let server: KitesServer;
let client: ApiClient;
let nodes: ResourceClient<Node>;
let pods: ResourceClient<Pod>;
let hollow: HollowNodes | undefined;

before(async () => {
  server = await startKitesServer();
  client = await ApiClient.fromKubeconfig(server.kubeconfig);
  nodes = client.forKind<Node>('', 'v1', 'Node');
  pods = client.forKind<Pod>('', 'v1', 'Pod', 'default');
});

after(async () => {
  await hollow?.stop();
  client?.close();
  await server?.stop();
});

async function addNode(name: string, labels: Record<string, string>): Promise<void> {
  await nodes.create({ metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels } } });
  const resources = { cpu: '4', memory: '8Gi', pods: '110' };
  await nodes.patchStatus(name, { status: { capacity: resources, allocatable: resources, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: new Date().toISOString() }] } });
}

const addPod = (name: string, labels: Record<string, string>, spec: Partial<PodSpec>) =>
  pods.create({ metadata: { name, labels }, spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.9' }], ...spec } });

const nodeOf = (name: string) => eventually(async () => (await pods.get(name)).spec?.nodeName || undefined, { what: `${name} to be bound`, timeoutMs: 30_000 });

const scheduledFalse = (name: string) =>
  eventually(async () => (await pods.get(name)).status?.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False'), { what: `${name} unschedulable`, timeoutMs: 30_000 });

test('required pod anti-affinity puts each replica on its own node; one too many waits', async () => {
  for (const n of ['aa-1', 'aa-2', 'aa-3']) await addNode(n, { pool: 'aa' });
  const spec: Partial<PodSpec> = {
    nodeSelector: { pool: 'aa' },
    affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'spread' } }, topologyKey: 'kubernetes.io/hostname' }] } },
  };
  for (const i of [1, 2, 3]) await addPod(`spread-${i}`, { app: 'spread' }, spec);
  const placed = await Promise.all([1, 2, 3].map((i) => nodeOf(`spread-${i}`)));
  assert.deepEqual([...placed].sort(), ['aa-1', 'aa-2', 'aa-3']);
  await addPod('spread-4', { app: 'spread' }, spec);
  const cond = await scheduledFalse('spread-4');
  assert.match(cond.message ?? '', /3 node\(s\) didn't match pod anti-affinity rules/);
});

test('topology spread (DoNotSchedule, maxSkew 1) balances two zones of unequal size', async () => {
  for (const [n, z] of [['ts-a1', 'a'], ['ts-a2', 'a'], ['ts-a3', 'a'], ['ts-b1', 'b']] as const) await addNode(n, { pool: 'ts', 'topology.kubernetes.io/zone': z });
  const spec: Partial<PodSpec> = {
    nodeSelector: { pool: 'ts' },
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'ts' } } }],
  };
  const names = [1, 2, 3, 4, 5, 6].map((i) => `ts-${i}`);
  // One at a time, so each sees the previous one's zone (binds are asynchronous either way).
  for (const n of names) {
    await addPod(n, { app: 'ts' }, spec);
    await nodeOf(n);
  }
  const zones = await Promise.all(names.map(async (n) => ((await nodeOf(n)) === 'ts-b1' ? 'b' : 'a')));
  assert.equal(zones.filter((z) => z === 'b').length, 3, `zones: ${zones}`);
});

test('preemption: low-priority pods make room for a high-priority one; a Never pod waits', async () => {
  const classes = client.forKind<PriorityClass>('scheduling.k8s.io', 'v1', 'PriorityClass');
  await classes.create({ metadata: { name: 'low' }, value: 10 });
  await classes.create({ metadata: { name: 'high' }, value: 1000 });
  await classes.create({ metadata: { name: 'high-never' }, value: 1000, preemptionPolicy: 'Never' });
  const missing = await pods.create({ metadata: { name: 'x' }, spec: { priorityClassName: 'nope', containers: [{ name: 'c', image: 'i' }] } }).catch((e: unknown) => e);
  assert.match(String(missing), /no PriorityClass with name nope was found/);

  hollow = await startHollowNodes(server, { prefix: 'pre', count: 2, labels: 'pool=pre', capacity: 'cpu=1,memory=4Gi,pods=110' });
  const spec = (priorityClassName: string): Partial<PodSpec> => ({
    priorityClassName,
    nodeSelector: { pool: 'pre' },
    terminationGracePeriodSeconds: 1,
    containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.9', resources: { requests: { cpu: '1' } } }],
  });
  await addPod('low-1', { app: 'low' }, spec('low'));
  await addPod('low-2', { app: 'low' }, spec('low'));
  const lowNodes = await Promise.all(['low-1', 'low-2'].map(nodeOf));
  assert.deepEqual([...lowNodes].sort(), ['pre-0', 'pre-1']);
  assert.equal((await pods.get('low-1')).spec?.priority, 10, 'priority resolved from the class');
  await eventually(async () => (await pods.get('low-1')).status?.phase === 'Running', { what: 'low-1 running' });

  await addPod('never', { app: 'never' }, spec('high-never'));
  const neverCond = await scheduledFalse('never');
  assert.match(neverCond.message ?? '', /^0\/\d+ nodes are available: .*2 Insufficient cpu.* preemption: not eligible due to preemptionPolicy=Never\.$/);

  await addPod('high', { app: 'high' }, spec('high'));
  const highNode = await nodeOf('high');
  const victim = lowNodes[0] === highNode ? 'low-1' : 'low-2';
  await eventually(async () => (await pods.list()).items.every((p) => p.metadata?.name !== victim), { what: `${victim} gone`, timeoutMs: 30_000 });
  const events = client.forKind<Event>('', 'v1', 'Event', 'default');
  const preempted = await eventually(async () => (await events.list({ fieldSelector: `involvedObject.name=${victim}` })).items.find((e) => e.reason === 'Preempted'), { what: 'Preempted event' });
  assert.match(preempted.message ?? '', new RegExp(`^Preempted by pod [0-9a-f-]+ on node ${highNode}$`));
  await eventually(async () => (await pods.get('high')).status?.phase === 'Running', { what: 'high running' });
  const never = await pods.get('never');
  assert.equal(never.spec?.nodeName, undefined, 'the Never pod did not take the freed room');
  assert.equal(never.spec?.preemptionPolicy, 'Never');
});
