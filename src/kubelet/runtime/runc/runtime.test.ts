// The runc runtime end to end, as root, with the node's networking inside a network namespace of
// the test's own: real containers from a busybox image, CNI pod networking, the pod workers on top.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Container, Pod } from 'kubernetes-types/core/v1.d.ts';
import { ApiClient, Store, deepFreeze, realClock, type ResourceClient } from '../../../client/index.ts';
import { FakeTransport, type RecordedRequest } from '../../../client/testing.ts';
import { createLogger } from '../../../log/logger.ts';
import { mustRun, run } from '../../cni/command.ts';
import { createTestNetns, deleteTestNetns, rootSkipReason } from '../../cni/testing.ts';
import { PodWorkers } from '../../pods/workers.ts';
import { DirectoryImages } from './images.ts';
import { mountsUnder, unmountAll } from './mounts.ts';
import { RuncRuntime } from './runtime.ts';
import { hostSnapshot, makeBusyboxImage } from './testing.ts';

const logger = createLogger({ level: 'error' });
const POD_CIDR = '10.42.5.0/24';

function pod(name: string, containers: Container[], restartPolicy = 'Always'): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '1' },
    spec: { nodeName: 'n1', restartPolicy, terminationGracePeriodSeconds: 2, containers },
    status: { phase: 'Pending' },
  };
}

const sleeper: Container = { name: 'sleeper', image: 'busybox', command: ['sleep', '3600'] };
const httpd: Container = { name: 'web', image: 'busybox', command: ['httpd', '-f', '-v', '-p', '80', '-h', '/etc'] };

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('runc runtime (root, node networking in its own netns)', async () => {
  const skip = await rootSkipReason(['ip', 'nft', 'unshare', 'runc', '/usr/lib/cni/bridge', '/bin/busybox']);
  let node = '';
  let work = '';
  let dataDir = '';
  let runcRoot = '';
  let runtime: RuncRuntime;
  let before0: Awaited<ReturnType<typeof hostSnapshot>>;
  const store = new Store<Pod>();
  const patched = new Map<string, Pod['status']>();
  let workers: PodWorkers;

  const start = async () => {
    runtime = await RuncRuntime.start({ dataDir, images: new DirectoryImages(join(work, 'images')), clock: realClock, logger, nodeNetns: node });
    await runtime.updateRuntimeConfig({ podCidr: POD_CIDR });
    const fake = new FakeTransport();
    fake.on('PATCH', /\/pods\/[^/]+\/status$/, (req: RecordedRequest) => {
      const name = req.url.pathname.split('/').at(-2)!;
      const status = (req.json as Pod).status;
      patched.set(name, status);
      const current = store.get(`default/${name}`)!;
      return { status: 200, body: { ...current, status } };
    });
    fake.on('DELETE', /\/pods\/[^/]+$/, { status: 200, body: {} });
    workers = new PodWorkers({
      nodeName: 'n1', runtime, runtimeName: 'runc', hostIP: '10.41.0.2', clock: realClock, logger,
      pods: { store, addEventHandler: () => () => true, waitForSync: async () => true },
      podClient: new ApiClient(fake.send).forKind<Pod>('', 'v1', 'Pod') as ResourceClient<Pod>,
    });
  };
  /** One pod-worker pass over the pod as the cache would hold it (with the last status written). */
  const sync = async (p: Pod) => {
    const name = p.metadata!.name!;
    store.put(deepFreeze(structuredClone({ ...p, status: patched.get(name) ?? p.status })));
    await workers.reconcile(`default/${name}`);
    return patched.get(name)!;
  };
  const containerId = (p: Pod, name: string) => patched.get(p.metadata!.name!)!.containerStatuses!.find((c) => c.name === name)!.containerID!.replace('runc://', '');
  const exec = (id: string, ...argv: string[]) => mustRun(['runc', '--root', runcRoot, 'exec', id, ...argv]);

  before(async () => {
    if (skip) return;
    work = await mkdtemp(join(tmpdir(), 'kites-runc-'));
    dataDir = join(work, 'node');
    runcRoot = join(dataDir, 'runc');
    await makeBusyboxImage(join(work, 'images'), 'busybox');
    node = await createTestNetns();
    before0 = await hostSnapshot(dataDir, runcRoot);
    await start();
  });

  after(async () => {
    if (skip) return;
    await runtime?.close().catch(() => undefined);
    // Whatever a failed test left: containers, mounts, cgroups, the node namespace.
    for (const id of (await run(['runc', '--root', runcRoot, 'list', '-q'])).stdout.split('\n').filter(Boolean)) {
      await run(['runc', '--root', runcRoot, 'kill', id, 'KILL']);
      await run(['runc', '--root', runcRoot, 'delete', '--force', id]);
    }
    await new Promise((r) => setTimeout(r, 300));
    await unmountAll(work).catch(() => undefined);
    for (const h of await readdir('/sys/fs/cgroup').catch(() => [] as string[])) {
      for (const id of await readdir(join('/sys/fs/cgroup', h, 'kites')).catch(() => [] as string[])) {
        if (/^[0-9a-f]{64}$/.test(id)) for (const d of ['ctr', '']) await rm(join('/sys/fs/cgroup', h, 'kites', id, d), { recursive: false, force: true }).catch(() => run(['rmdir', join('/sys/fs/cgroup', h, 'kites', id, d)]));
      }
      await run(['rmdir', join('/sys/fs/cgroup', h, 'kites')]);
    }
    await deleteTestNetns(node);
    await rm(work, { recursive: true, force: true });
  });

  const web = pod('web', [httpd, sleeper]);

  test('a two-container pod gets a pod IP; httpd answers from the other container and from the node', { skip }, async () => {
    const s = await sync(web);
    assert.equal(s?.phase, 'Running');
    assert.match(s?.podIP ?? '', /^10\.42\.5\.\d+$/);
    assert.deepEqual(s?.containerStatuses?.map((c) => [c.name, Boolean(c.state?.running)]), [['web', true], ['sleeper', true]]);
    assert.equal(await exec(containerId(web, 'sleeper'), 'wget', '-qO-', 'http://127.0.0.1/hostname'), 'web\n');
    assert.equal(await mustRun(['ip', 'netns', 'exec', node, '/bin/busybox', 'wget', '-qO-', `http://${s!.podIP}/hostname`]), 'web\n');
    const resolv = await exec(containerId(web, 'sleeper'), 'cat', '/etc/resolv.conf');
    assert.equal(resolv, 'nameserver 10.43.0.10\nsearch default.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n');
    assert.match(await exec(containerId(web, 'sleeper'), 'cat', '/etc/hosts'), new RegExp(`${s!.podIP!.replace(/\./g, '\\.')}\tweb`));
    assert.match(await exec(containerId(web, 'sleeper'), 'env'), /FROM_IMAGE=1/);
    // The container's output is in the CRI log file.
    const log = await readFile(join(dataDir, 'pods', 'default_web_uid-web', 'web', '0.log'), 'utf8').catch(() => '');
    assert.match(log, /^\d{4}-\d\d-\d\dT[\d:.]+Z stderr F .*response:200/m);
  });

  test('a second pod reaches the first by pod IP', { skip }, async () => {
    const client = pod('client', [sleeper]);
    await sync(client);
    assert.equal(await exec(containerId(client, 'sleeper'), 'wget', '-qO-', `http://${patched.get('web')!.podIP}/hostname`), 'web\n');
  });

  test('pod traffic leaving the cluster ranges is dropped in the node\'s forward chain', { skip }, async () => {
    // A route out of the node for a documentation address, so the packet reaches the forward hook.
    await mustRun(['ip', 'netns', 'exec', node, 'ip', 'route', 'replace', '192.0.2.0/24', 'dev', 'kites-svc']);
    await run(['runc', '--root', runcRoot, 'exec', containerId(web, 'sleeper'), 'ping', '-c', '1', '-W', '1', '192.0.2.9']);
    const table = await mustRun(['ip', 'netns', 'exec', node, 'nft', 'list', 'table', 'inet', 'kites-filter']);
    assert.match(table, /counter packets [1-9]\d* bytes \d+ drop/);
  });

  test('the main process killed: the container exits and the pod workers restart it (restartCount 1)', { skip }, async () => {
    const old = containerId(web, 'web');
    await mustRun(['runc', '--root', runcRoot, 'kill', old, 'KILL']);
    await until('the exit', async () => ((await runtime.containerStatus(old)).state === 'CONTAINER_EXITED' ? true : undefined));
    const s = await sync(web);
    const st = s?.containerStatuses?.find((c) => c.name === 'web');
    assert.equal(st?.restartCount, 1);
    assert.ok(st?.state?.running, JSON.stringify(st));
    assert.equal(st?.lastState?.terminated?.exitCode, 137);
    assert.equal(await mustRun(['ip', 'netns', 'exec', node, '/bin/busybox', 'wget', '-qO-', `http://${s!.podIP}/hostname`]), 'web\n');
  });

  test('a memory hog over its 16Mi limit is OOMKilled', { skip }, async () => {
    const hog = pod('hog', [{ name: 'hog', image: 'busybox', command: ['sh', '-c', 'x=$(head -c 200000000 /dev/zero | tr "\\0" a); echo survived'], resources: { limits: { memory: '16Mi' } } }], 'Never');
    await sync(hog);
    const id = containerId(hog, 'hog');
    await until('the OOM kill', async () => ((await runtime.containerStatus(id)).state === 'CONTAINER_EXITED' ? true : undefined));
    const s = await sync(hog);
    const term = s?.containerStatuses?.[0]?.state?.terminated;
    assert.equal(term?.reason, 'OOMKilled');
    assert.equal(term?.exitCode, 137);
    assert.equal(s?.phase, 'Failed');
  });

  test('stop sends SIGTERM, and SIGKILL only after the grace period', { skip }, async () => {
    const p = pod('stopper', [
      { name: 'polite', image: 'busybox', command: ['sh', '-c', 'trap "exit 3" TERM; while true; do sleep 0.1; done'] },
      { name: 'stubborn', image: 'busybox', command: ['sleep', '3600'] },
    ]);
    await sync(p);
    let t = Date.now();
    await runtime.stopContainer(containerId(p, 'polite'), 10);
    assert.ok(Date.now() - t < 5_000);
    assert.equal((await runtime.containerStatus(containerId(p, 'polite'))).exitCode, 3);
    t = Date.now();
    // sleep as PID 1 ignores SIGTERM: only the SIGKILL after 1 s ends it.
    await runtime.stopContainer(containerId(p, 'stubborn'), 1);
    assert.ok(Date.now() - t >= 1_000);
    assert.equal((await runtime.containerStatus(containerId(p, 'stubborn'))).exitCode, 137);
    store.remove('default/stopper');
    await workers.reconcile('default/stopper');
  });

  test('an agent restart adopts running containers instead of restarting them', { skip }, async () => {
    const id = containerId(web, 'web');
    const startedAt = patched.get('web')!.containerStatuses!.find((c) => c.name === 'web')!.state!.running!.startedAt;
    await runtime.close();
    await start();
    const status = await runtime.containerStatus(id);
    assert.equal(status.state, 'CONTAINER_RUNNING');
    const s = await sync(web);
    const st = s?.containerStatuses?.find((c) => c.name === 'web');
    assert.equal(st?.restartCount, 1);
    assert.equal(st?.containerID, `runc://${id}`);
    assert.equal(st?.state?.running?.startedAt, startedAt);
    assert.equal(await mustRun(['ip', 'netns', 'exec', node, '/bin/busybox', 'wget', '-qO-', `http://${s!.podIP}/hostname`]), 'web\n');
    // Exits are still noticed after adoption.
    await mustRun(['runc', '--root', runcRoot, 'kill', containerId(web, 'sleeper'), 'KILL']);
    await until('the adopted container\'s exit', async () => ((await runtime.containerStatus(containerId(web, 'sleeper'))).state === 'CONTAINER_EXITED' ? true : undefined));
  });

  test('teardown leaves no mounts, namespaces, veths, cgroups, runc state or shims behind', { skip }, async () => {
    for (const name of ['web', 'client', 'hog']) {
      store.remove(`default/${name}`);
      await workers.reconcile(`default/${name}`);
    }
    assert.deepEqual(await runtime.listPodSandbox(), []);
    assert.doesNotMatch(await mustRun(['ip', 'netns', 'exec', node, 'ip', 'link']), /veth/);
    await runtime.close();
    const now = await hostSnapshot(dataDir, runcRoot);
    assert.deepEqual(now, before0);
    assert.deepEqual(await mountsUnder(work), []);
    assert.notEqual((await run(['ip', 'netns', 'exec', node, 'nft', 'list', 'table', 'inet', 'kites-filter'])).code, 0);
    assert.deepEqual(await readdir(join(dataDir, 'pods')), []);
  });
});
