// The pod workers' probes, volumes and env on a fake-runtime node run in-process against a real
// kites server: readiness keeps a pod not Ready, liveness restarts a container, a configMap volume's
// files appear in the pod's volume directory and follow the ConfigMap, env from a Secret resolves and
// a missing key is a CreateContainerConfigError.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigMap, Pod, Secret } from 'kubernetes-types/core/v1.d.ts';
import { startKitesServer, type KitesServer } from '../../../test/support/kites-server.ts';
import { ApiClient } from '../../client/index.ts';
import { createLogger } from '../../log/logger.ts';
import { runAgent } from '../agent.ts';

let server: KitesServer;
let admin: ApiClient;
let agentClient: ApiClient;
let dataDir: string;
const stop = new AbortController();
let agent: Promise<void>;
const NODE = 'probes-1';

before(async () => {
  server = await startKitesServer();
  admin = await ApiClient.fromKubeconfig(server.kubeconfig);
  dataDir = await mkdtemp(join(tmpdir(), 'kites-pod-workers-'));
  const [token, ca] = await Promise.all([readFile(join(server.dataDir, 'node-token'), 'utf8'), readFile(join(server.dataDir, 'tls', 'ca.crt'), 'utf8')]);
  agentClient = ApiClient.fromConfig({ server: server.url, token: token.trim(), ca }, { userAgent: 'kites-agent-test' });
  agent = runAgent({
    client: agentClient, nodeName: NODE, runtime: 'fake', dataDir, nodeIP: '10.41.1.200', logger: createLogger({ level: 'error' }),
    intervals: { leaseRenewIntervalMs: 300, statusUpdateIntervalMs: 300, podResyncIntervalMs: 300 },
  }, stop.signal);
});

after(async () => {
  stop.abort();
  await agent?.catch(() => undefined);
  agentClient?.close();
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

const pods = () => admin.forKind<Pod>('', 'v1', 'Pod', 'default');
const condition = (p: Pod, type: string) => p.status?.conditions?.find((c) => c.type === type)?.status;

test('probes, volumes and env on a fake-runtime node', async () => {
  await admin.forKind<ConfigMap>('', 'v1', 'ConfigMap', 'default').create({ metadata: { name: 'app-config' }, data: { greeting: 'hello' } });
  await admin.forKind<Secret>('', 'v1', 'Secret', 'default').create({ metadata: { name: 'creds' }, stringData: { password: 's3cret' } });
  const spec = (c: NonNullable<Pod['spec']>['containers'][number], extra: Partial<NonNullable<Pod['spec']>> = {}) => ({ nodeName: NODE, containers: [c], ...extra });
  await pods().create({
    metadata: { name: 'unready', annotations: { 'kites.dev/fake-probe-fail': 'readiness' } },
    spec: spec({ name: 'app', image: 'nginx', readinessProbe: { httpGet: { port: 80 }, periodSeconds: 1 } }),
  });
  await pods().create({
    metadata: { name: 'unlively', annotations: { 'kites.dev/fake-probe-fail': 'liveness' } },
    spec: spec({ name: 'app', image: 'nginx', livenessProbe: { tcpSocket: { port: 80 }, periodSeconds: 1, failureThreshold: 1 } }, { terminationGracePeriodSeconds: 0 }),
  });
  await pods().create({
    metadata: { name: 'configured' },
    spec: spec({
      name: 'app', image: 'nginx', volumeMounts: [{ name: 'cfg', mountPath: '/etc/app' }],
      env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } }],
    }, { volumes: [{ name: 'cfg', configMap: { name: 'app-config' } }] }),
  });
  await pods().create({
    metadata: { name: 'misconfigured' },
    spec: spec({ name: 'app', image: 'nginx', env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } }] }),
  });

  const unready = await eventually('unready Running and probed', async () => {
    const p = await pods().get('unready');
    return p.status?.phase === 'Running' && p.status.containerStatuses?.[0]?.started ? p : undefined;
  });
  assert.equal(condition(unready, 'Ready'), 'False');
  assert.equal(condition(unready, 'ContainersReady'), 'False');
  assert.equal(unready.status?.containerStatuses?.[0]?.ready, false);

  const restarted = await eventually('unlively restarted', async () => {
    const p = await pods().get('unlively');
    return (p.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1 ? p : undefined;
  });
  assert.ok(restarted.status?.containerStatuses?.[0]?.lastState?.terminated);
  const events = await eventually('Killing and Unhealthy events', async () => {
    const list = (await admin.forKind<{ metadata: object; reason?: string; message?: string; involvedObject?: { name?: string } }>('', 'v1', 'Event', 'default').list()).items
      .filter((e) => e.involvedObject?.name === 'unlively');
    return list.some((e) => e.reason === 'Killing') && list.some((e) => e.reason === 'Unhealthy') ? list : undefined;
  });
  assert.ok(events.some((e) => e.message === 'Container app failed liveness probe, will be restarted'));
  assert.ok(events.some((e) => e.message?.startsWith('Liveness probe failed: ')));

  const configured = await eventually('configured Running and Ready', async () => {
    const p = await pods().get('configured');
    return p.status?.phase === 'Running' && condition(p, 'Ready') === 'True' ? p : undefined;
  });
  const file = join(dataDir, 'nodes', NODE, 'kubelet', 'pods', configured.metadata!.uid!, 'volumes', 'kubernetes.io~configmap', 'cfg', 'greeting');
  assert.equal(await readFile(file, 'utf8'), 'hello');
  await admin.forKind<ConfigMap>('', 'v1', 'ConfigMap', 'default').patch('app-config', { data: { greeting: 'bonjour' } }, 'merge');
  await eventually('the volume follows the ConfigMap', async () => ((await readFile(file, 'utf8')) === 'bonjour' ? true : undefined));

  const waiting = await eventually('misconfigured waiting', async () => (await pods().get('misconfigured')).status?.containerStatuses?.[0]?.state?.waiting);
  assert.deepEqual(waiting, { reason: 'CreateContainerConfigError', message: "couldn't find key token in Secret default/creds" });
  assert.equal((await pods().get('misconfigured')).status?.phase, 'Pending');
});
