// The agent against a real kites server: three hollow nodes register and turn Ready, their leases
// are renewed, pods bound to them run, finish and go away, and the leases stop when the agent stops.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Lease } from 'kubernetes-types/coordination/v1.d.ts';
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import { startKitesServer, type KitesServer } from '../../test/support/kites-server.ts';
import { ApiClient, isNotFound } from '../client/index.ts';
import { createLogger } from '../log/logger.ts';
import { runAgent } from './agent.ts';
import { createTestNetns, deleteTestNetns, rootSkipReason } from './cni/testing.ts';
import { writeImageArchive } from './images/archive-writer.ts';
import { importArchive } from './images/import.ts';
import { ImageStore } from './images/store.ts';
import { writeTar, type TarEntry } from './images/tar-writer.ts';

const runcSkip = await rootSkipReason(['ip', 'nft', 'unshare', 'runc', '/usr/lib/cni/bridge', '/bin/busybox']);

let server: KitesServer;
let admin: ApiClient;
let dataDir: string;

before(async () => {
  server = await startKitesServer();
  admin = await ApiClient.fromKubeconfig(server.kubeconfig);
  dataDir = await mkdtemp(join(tmpdir(), 'kites-agent-'));
});

after(async () => {
  admin?.close();
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const names = ['h-0', 'h-1', 'h-2'];

test('hollow nodes: Ready nodes, renewed leases, pods that run, finish and are deleted', async () => {
  const [token, ca] = await Promise.all([readFile(join(server.dataDir, 'node-token'), 'utf8'), readFile(join(server.dataDir, 'tls', 'ca.crt'), 'utf8')]);
  const client = ApiClient.fromConfig({ server: server.url, token: token.trim(), ca }, { userAgent: 'kites-agent-test' });
  const stop = new AbortController();
  const agent = runAgent({
    client, nodeName: 'h', hollowNodes: 3, runtime: 'fake', dataDir, labels: { 'example.com/pool': 'hollow' },
    logger: createLogger({ level: 'error' }), intervals: { leaseRenewIntervalMs: 300, statusUpdateIntervalMs: 300 },
  }, stop.signal);
  try {
    const nodes = admin.forKind<Node>('', 'v1', 'Node');
    const leases = admin.forKind<Lease>('coordination.k8s.io', 'v1', 'Lease', 'kube-node-lease');
    const ready = await eventually('3 Ready nodes', async () => {
      const list = (await nodes.list({ labelSelector: 'example.com/pool=hollow' })).items;
      const ok = list.filter((n) => n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True');
      return ok.length === 3 ? ok : undefined;
    });
    assert.deepEqual(ready.map((n) => n.metadata!.name).sort(), names);
    const h0 = ready.find((n) => n.metadata!.name === 'h-0')!;
    assert.equal(h0.status?.nodeInfo?.kubeletVersion, 'v1.32.0-kites');
    assert.equal(h0.status?.nodeInfo?.containerRuntimeVersion, 'fake://0.1');
    assert.equal(h0.metadata?.labels?.['kubernetes.io/hostname'], 'h-0');
    assert.equal(h0.status?.allocatable?.pods, '110');
    assert.deepEqual(h0.status?.addresses?.[0], { type: 'InternalIP', address: '10.41.1.1' });

    const first = await eventually('leases', async () => (await Promise.all(names.map((n) => leases.get(n)))).map((l) => l.spec?.renewTime));
    await eventually('renewed leases', async () => {
      const now = (await Promise.all(names.map((n) => leases.get(n)))).map((l) => l.spec?.renewTime);
      return now.every((t, i) => t !== first[i]) ? now : undefined;
    });
    const lease = await leases.get('h-0');
    assert.equal(lease.spec?.leaseDurationSeconds, 40);
    assert.equal(lease.metadata?.ownerReferences?.[0]?.kind, 'Node');

    const pods = admin.forKind<Pod>('', 'v1', 'Pod', 'default');
    await pods.create({ metadata: { name: 'web' }, spec: { nodeName: 'h-1', containers: [{ name: 'app', image: 'nginx:1.27' }] } });
    await pods.create({ metadata: { name: 'once' }, spec: { nodeName: 'h-2', restartPolicy: 'Never', containers: [{ name: 'app', image: 'busybox' }] } });
    const web = await eventually('web Running and Ready', async () => {
      const p = await pods.get('web');
      return p.status?.phase === 'Running' && p.status.conditions?.find((c) => c.type === 'Ready')?.status === 'True' ? p : undefined;
    });
    assert.match(web.status?.podIP ?? '', /^10\.4[02]\.\d+\.\d+$/);
    assert.equal(web.status?.hostIP, '10.41.1.2');
    assert.equal(web.status?.containerStatuses?.[0]?.ready, true);
    assert.match(web.status?.containerStatuses?.[0]?.containerID ?? '', /^fake:\/\//);
    const once = await eventually('once Succeeded', async () => {
      const p = await pods.get('once');
      return p.status?.phase === 'Succeeded' ? p : undefined;
    });
    assert.equal(once.status?.containerStatuses?.[0]?.state?.terminated?.reason, 'Completed');

    await pods.delete('web');
    await eventually('web gone', async () => pods.get('web').then(() => undefined, (err: unknown) => (isNotFound(err) ? true : undefined)));

    stop.abort();
    await agent;
    const stopped = (await Promise.all(names.map((n) => leases.get(n)))).map((l) => l.spec?.renewTime);
    await new Promise((r) => setTimeout(r, 1000)); // more than three renew intervals
    assert.deepEqual((await Promise.all(names.map((n) => leases.get(n)))).map((l) => l.spec?.renewTime), stopped);
  } finally {
    stop.abort();
    await agent.catch(() => undefined);
    client.close();
  }
});

test('a runc node (networking in its own netns) runs a pod from the image store, reachable on its pod IP', { skip: runcSkip }, async () => {
  const netns = await createTestNetns();
  const agentDir = await mkdtemp(join(tmpdir(), 'kites-runc-agent-'));
  const stop = new AbortController();
  let agent: Promise<void> = Promise.resolve();
  const client = ApiClient.fromConfig({
    server: server.url, token: (await readFile(join(server.dataDir, 'node-token'), 'utf8')).trim(), ca: await readFile(join(server.dataDir, 'tls', 'ca.crt'), 'utf8'),
  }, { userAgent: 'kites-agent-test' });
  try {
    await writeFile(join(agentDir, 'busybox.tar'), busyboxArchive('docker.io/library/busybox:kites-test').tar);
    await importArchive(new ImageStore({ dataDir: agentDir }), join(agentDir, 'busybox.tar'));
    agent = runAgent({
      client, nodeName: 'runc-1', runtime: 'runc', dataDir: agentDir, nodeNetns: netns, nodeIP: '10.41.0.2',
      logger: createLogger({ level: 'error' }), intervals: { leaseRenewIntervalMs: 300, statusUpdateIntervalMs: 300 },
    }, stop.signal);
    const nodes = admin.forKind<Node>('', 'v1', 'Node');
    const node = await eventually('runc-1 Ready', async () => {
      const n = await nodes.get('runc-1');
      return n.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True' ? n : undefined;
    }, 30_000);
    assert.match(node.status?.nodeInfo?.containerRuntimeVersion ?? '', /^runc:\/\/1\./);
    const pods = admin.forKind<Pod>('', 'v1', 'Pod', 'default');
    await pods.create({
      metadata: { name: 'bb' },
      spec: { nodeName: 'runc-1', terminationGracePeriodSeconds: 1, containers: [{ name: 'web', image: 'busybox:kites-test', command: ['httpd', '-f', '-p', '80', '-h', '/etc'] }] },
    });
    const running = await eventually('bb Running', async () => {
      const p = await pods.get('bb');
      return p.status?.phase === 'Running' && p.status.podIP ? p : undefined;
    }, 30_000);
    assert.ok(running.status!.podIP!.startsWith(node.spec!.podCIDR!.split('.').slice(0, 3).join('.')), `${running.status!.podIP} in ${node.spec!.podCIDR}`);
    assert.match(running.status!.containerStatuses![0]!.containerID!, /^runc:\/\//);
    const page = spawnSync('ip', ['netns', 'exec', netns, '/bin/busybox', 'wget', '-qO-', `http://${running.status!.podIP}/hostname`]);
    assert.equal(page.stdout.toString(), 'bb\n');
    await pods.delete('bb');
    await eventually('bb gone', async () => pods.get('bb').then(() => undefined, (err: unknown) => (isNotFound(err) ? true : undefined)), 30_000);
    stop.abort();
    await agent;
    // A clean stop takes the egress filter and the service dummy with it.
    assert.notEqual(spawnSync('ip', ['netns', 'exec', netns, 'nft', 'list', 'table', 'inet', 'kites-filter']).status, 0);
  } finally {
    stop.abort();
    await agent.catch(() => undefined);
    client.close();
    await admin.forKind<Node>('', 'v1', 'Node').delete('runc-1').catch(() => undefined);
    await deleteTestNetns(netns);
    await rm(agentDir, { recursive: true, force: true });
  }
});

/** busybox-static and its applets as a one-layer image archive. */
function busyboxArchive(name: string) {
  const applets = execFileSync('/bin/busybox', ['--list']).toString().split('\n').filter((a) => a && a !== 'busybox');
  const entries: TarEntry[] = [
    { path: 'bin', type: 'dir' }, { path: 'etc', type: 'dir' }, { path: 'tmp', type: 'dir', mode: 0o1777 },
    { path: 'bin/busybox', type: 'file', mode: 0o755, content: readFileSync('/bin/busybox') },
    ...applets.map((a): TarEntry => ({ path: `bin/${a}`, type: 'symlink', linkpath: 'busybox' })),
  ];
  return writeImageArchive({ name, layers: [writeTar(entries)], config: { Cmd: ['sh'], Env: ['PATH=/bin'] }, created: '2024-01-01T00:00:00Z' });
}
