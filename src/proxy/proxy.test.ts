// The proxy end to end, entirely inside network namespaces this test creates: a real kites server
// holds Services and EndpointSlices (written straight through the API, no controllers), runProxy
// programs the "node" namespace, and busybox httpd in "pod" namespaces answers with its own name.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { Service } from 'kubernetes-types/core/v1.d.ts';
import type { Endpoint, EndpointSlice } from 'kubernetes-types/discovery/v1.d.ts';
import { startKitesServer, type KitesServer } from '../../test/support/kites-server.ts';
import { ApiClient } from '../client/index.ts';
import { createLogger } from '../log/logger.ts';
import { ProxyMetrics } from './metrics.ts';
import { runProxy } from './proxy.ts';
import { NODE_IP, TestNetwork, type Pod } from './test-network.ts';

const skip = process.getuid?.() !== 0
  ? 'needs root (network namespaces)'
  : ['ip', 'nft', '/bin/busybox'].find((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0)
    ? 'needs ip, nft and /bin/busybox (apt-get install -y iproute2 nftables busybox-static)'
    : false;

let server: KitesServer;
let admin: ApiClient;
let net: TestNetwork;
let client: Pod;
const stop = new AbortController();
const metrics = new ProxyMetrics();
let running: Promise<void> | undefined;

before(async () => {
  if (skip) return;
  net = new TestNetwork();
  try {
    await net.create(4);
    for (const pod of net.pods.slice(0, 3)) await net.serve(pod);
    client = net.pods[3]!;
    server = await startKitesServer({ extraArgs: ['--disable-controller-manager'] });
    admin = await ApiClient.fromKubeconfig(server.kubeconfig);
    running = runProxy({ client: admin, nodeName: 'node-a', nodeIPs: [NODE_IP], netns: net.node, logger: createLogger({ level: 'warn' }), metrics, minSyncIntervalMs: 20 }, stop.signal);
  } catch (err) {
    await net.destroy();
    throw err;
  }
});

after(async () => {
  if (skip) return;
  stop.abort();
  await running?.catch(() => undefined);
  admin?.close();
  await server?.stop();
  await net.destroy();
});

const services = () => admin.forKind<Service>('', 'v1', 'Service', 'default');
const slices = () => admin.forKind<EndpointSlice>('discovery.k8s.io', 'v1', 'EndpointSlice', 'default');

/** A Service without a selector (nothing else manages its endpoints); its cluster IP. */
async function createService(name: string, spec: Service['spec'] = {}): Promise<string> {
  const svc = await services().create({ metadata: { name }, spec: { ports: [{ name: 'http', port: 80, targetPort: 80 }], ...spec } });
  return svc.spec!.clusterIP!;
}

type State = 'ready' | 'terminating';
const endpoint = (pod: Pod, state: State = 'ready'): Endpoint => ({
  addresses: [pod.ip], nodeName: 'node-a',
  conditions: state === 'ready' ? { ready: true, serving: true, terminating: false } : { ready: false, serving: true, terminating: true },
});

async function setEndpoints(svc: string, endpoints: Endpoint[]): Promise<void> {
  const body: EndpointSlice = {
    metadata: { name: `${svc}-1`, labels: { 'kubernetes.io/service-name': svc } },
    addressType: 'IPv4', ports: [{ name: 'http', port: 80, protocol: 'TCP' }], endpoints,
  };
  try {
    await slices().create(body);
  } catch {
    await slices().patch(`${svc}-1`, { endpoints }, 'merge');
  }
}

/** The set of pods that answered `count` requests from `from` ('none' for a failed request). */
async function answers(url: string, count = 12, from = client.netns): Promise<string[]> {
  const results = await net.get(from, url, count);
  return [...new Set(results.map((r) => r.body ?? 'none'))].sort();
}

/** Polls until a batch of requests is answered by exactly `want` (rules take a moment to land). */
async function expectAnswers(url: string, want: string[], from?: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  let got: string[] = [];
  while (Date.now() < deadline) {
    got = await answers(url, 12, from);
    if (JSON.stringify(got) === JSON.stringify(want)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.deepEqual(got, want, `answers from ${url}`);
}

test('ClusterIP: both endpoints answer, then only the one left, then only the ready one', { skip }, async () => {
  const [p0, p1, p2] = net.pods;
  const vip = await createService('web');
  await setEndpoints('web', [endpoint(p0!), endpoint(p1!)]);
  await expectAnswers(`http://${vip}/`, ['pod-0', 'pod-1']);
  await setEndpoints('web', [endpoint(p0!)]);
  await expectAnswers(`http://${vip}/`, ['pod-0']);
  await setEndpoints('web', [endpoint(p0!, 'terminating'), endpoint(p2!)]);
  await expectAnswers(`http://${vip}/`, ['pod-2']);
  // With nothing ready, the terminating endpoint that still serves takes new connections.
  await setEndpoints('web', [endpoint(p0!, 'terminating')]);
  await expectAnswers(`http://${vip}/`, ['pod-0']);
  // Hairpin: the endpoint reaching itself through the VIP.
  await expectAnswers(`http://${vip}/`, ['pod-0'], p0!.netns);
});

test('NodePort answers on the node address, from a pod and from the node itself', { skip }, async () => {
  const [p0, p1] = net.pods;
  await createService('np', { type: 'NodePort', ports: [{ name: 'http', port: 80, targetPort: 80, nodePort: 30080 }] });
  await setEndpoints('np', [endpoint(p0!), endpoint(p1!)]);
  await expectAnswers(`http://${NODE_IP}:30080/`, ['pod-0', 'pod-1']);
  await expectAnswers(`http://${NODE_IP}:30080/`, ['pod-0', 'pod-1'], net.node);
});

test('ClientIP affinity pins a client to one endpoint', { skip }, async () => {
  const [p0, p1] = net.pods;
  const vip = await createService('sticky', { sessionAffinity: 'ClientIP' });
  await setEndpoints('sticky', [endpoint(p0!), endpoint(p1!)]);
  const deadline = Date.now() + 20_000;
  let got: string[] = [];
  while (Date.now() < deadline && (got.length !== 1 || got[0] === 'none')) got = await answers(`http://${vip}/`, 16);
  assert.equal(got.length, 1, `one endpoint for one client, got ${got.join(',')}`);
});

test('a service without endpoints is refused at once (ICMP port unreachable), not left to time out', { skip }, async () => {
  const vip = await createService('empty');
  const deadline = Date.now() + 20_000;
  let error = '';
  while (Date.now() < deadline && error !== 'ECONNREFUSED') error = (await net.get(client.netns, `http://${vip}/`))[0]!.error ?? '';
  assert.equal(error, 'ECONNREFUSED');
});

test('a clean stop removes the table; sync latency was measured', { skip }, async () => {
  assert.match(await metrics.registry.metrics(), /kites_proxy_sync_duration_seconds_count\{kind="partial"\} [1-9]/);
  stop.abort();
  await running;
  running = undefined;
  assert.notEqual(spawnSync('ip', ['netns', 'exec', net.node, 'nft', 'list', 'table', 'ip', 'kites']).status, 0);
});
