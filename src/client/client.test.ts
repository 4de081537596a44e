// The client against a real `kites server`: CRUD and subresources, token and certificate credentials,
// an informer that stays equal to the server through random writes, leader election between two
// candidates, and event aggregation.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConfigMap, Namespace, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { Event } from 'kubernetes-types/core/v1.d.ts';
import type { Lease } from 'kubernetes-types/coordination/v1.d.ts';
import { startKitesServer, type KitesServer } from '../../test/support/kites-server.ts';
import { createLogger } from '../log/logger.ts';
import { ApiClient } from './client.ts';
import { loadKubeconfig } from './config.ts';
import { isAlreadyExists, isConflict, isNotFound } from './errors.ts';
import { EventRecorder } from './events.ts';
import { SharedInformerFactory } from './informer-factory.ts';
import { LeaderElector } from './leader-election.ts';

const quiet = createLogger({ level: 'error', write: () => undefined });
let server: KitesServer;
let client: ApiClient;

before(async () => {
  server = await startKitesServer();
  client = await ApiClient.fromKubeconfig(server.kubeconfig);
  const namespaces = client.forKind<Namespace>('', 'v1', 'Namespace');
  for (const name of ['crud', 'informed']) await namespaces.create({ metadata: { name } });
});

after(async () => {
  client?.close();
  await server?.stop();
});

test('CRUD, conflicts, patches and deletes through a ResourceClient', async () => {
  const cms = client.forKind<ConfigMap>('', 'v1', 'ConfigMap', 'crud');
  const created = await cms.create({ metadata: { name: 'a', labels: { app: 'x' } }, data: { k: 'v' } });
  assert.ok(created.metadata?.uid);
  await assert.rejects(cms.create({ metadata: { name: 'a' } }), isAlreadyExists);
  assert.deepEqual((await cms.get('a')).data, { k: 'v' });
  await cms.create({ metadata: { name: 'b', labels: { app: 'y' } } });
  assert.deepEqual((await cms.list({ labelSelector: 'app=x' })).items.map((c) => c.metadata!.name), ['a']);
  const updated = await cms.update({ ...created, data: { k: 'v2' } });
  await assert.rejects(cms.update({ ...created, data: { k: 'stale' } }), isConflict);
  assert.equal((await cms.patch('a', { data: { m: '1' } }, 'merge')).data?.m, '1');
  assert.equal((await cms.patch('a', { metadata: { labels: { extra: 'y' } } }, 'strategic')).metadata?.labels?.extra, 'y');
  assert.equal((await cms.patch('a', [{ op: 'replace', path: '/data/k', value: 'v3' }], 'json')).data?.k, 'v3');
  assert.notEqual(updated.metadata?.resourceVersion, created.metadata?.resourceVersion);
  await cms.delete('a', { preconditions: { uid: created.metadata!.uid! } });
  await assert.rejects(cms.get('a'), isNotFound);
  await cms.deleteCollection({ labelSelector: 'app=y' });
  assert.equal((await cms.list()).items.length, 0);
  assert.ok((await client.forKind<ConfigMap>('', 'v1', 'ConfigMap').list()).items.length >= 0, 'all-namespaces list');
});

test('pods: status, binding, eviction; bearer token and explicit config', async () => {
  const pods = client.forKind<Pod>('', 'v1', 'Pod', 'crud');
  await pods.create({ metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
  await pods.bind('p', 'node-1');
  assert.equal((await pods.get('p')).spec?.nodeName, 'node-1');
  const patched = await pods.patchStatus('p', { status: { phase: 'Running' } });
  assert.equal(patched.status?.phase, 'Running');
  await pods.evict('p', { gracePeriodSeconds: 0 });

  const admin = await loadKubeconfig(server.kubeconfig);
  const token = (await readFile(join(server.dataDir, 'node-token'), 'utf8')).trim();
  const tokenClient = ApiClient.fromConfig({ server: admin.server, ca: admin.ca, token });
  try {
    const nodes = await tokenClient.forKind('', 'v1', 'Node').list();
    assert.ok(Array.isArray(nodes.items));
  } finally {
    tokenClient.close();
  }
});

test('an informer matches a fresh list after 200 random writes, and its handlers saw every change', async () => {
  const cms = client.forKind<ConfigMap>('', 'v1', 'ConfigMap', 'informed');
  const factory = new SharedInformerFactory(client, { logger: quiet });
  const informer = factory.informerForKind<ConfigMap>('', 'v1', 'ConfigMap', { namespace: 'informed' });
  assert.equal(factory.informerForKind('', 'v1', 'ConfigMap', { namespace: 'informed' }), informer, 'shared');
  const mirror = new Map<string, string>();
  informer.addEventHandler({
    onAdd: (o) => mirror.set(o.metadata!.name!, o.metadata!.resourceVersion!),
    onUpdate: (_old, o) => mirror.set(o.metadata!.name!, o.metadata!.resourceVersion!),
    onDelete: (o) => mirror.delete(o.metadata!.name!),
  });
  const abort = new AbortController();
  factory.start(abort.signal);
  assert.equal(await factory.waitForSync(), true);

  let seed = 42;
  const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const live = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const name = `cm-${random(30)}`;
    const choice = random(3);
    if (!live.has(name)) {
      await cms.create({ metadata: { name }, data: { i: String(i) } });
      live.add(name);
    } else if (choice === 0) {
      await cms.delete(name);
      live.delete(name);
    } else {
      await cms.patch(name, { data: { i: String(i) } });
    }
  }
  const fresh = await cms.list();
  const want = new Map(fresh.items.map((c) => [c.metadata!.name!, c.metadata!.resourceVersion!]));
  const deadline = Date.now() + 10_000;
  const cached = () => new Map(informer.store.list().map((c) => [c.metadata!.name!, c.metadata!.resourceVersion!]));
  while (Date.now() < deadline && JSON.stringify([...cached()].sort()) !== JSON.stringify([...want].sort())) await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual([...cached()].sort(), [...want].sort());
  assert.deepEqual([...mirror].sort(), [...want].sort());
  assert.equal(informer.store.list(undefined, 'informed').length, live.size);
  abort.abort();
  await factory.stopped();
});

test('leader election: one of two candidates leads; the other takes over when it stops renewing', async () => {
  const events: string[] = [];
  const candidate = (identity: string) =>
    new LeaderElector({
      client, namespace: 'default', name: 'client-test', identity, logger: quiet,
      leaseDurationMs: 1000, renewDeadlineMs: 700, retryPeriodMs: 100, releaseOnCancel: false,
      onStartedLeading: () => void events.push(`${identity} leads`),
    });
  const [a, b] = [candidate('a'), candidate('b')];
  const [stopA, stopB] = [new AbortController(), new AbortController()];
  const runs = new Map([[a, a.run(stopA.signal)], [b, b.run(stopB.signal)]]);
  const waitFor = async (cond: () => boolean, ms: number) => {
    const end = Date.now() + ms;
    while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    return cond();
  };
  assert.ok(await waitFor(() => events.length === 1, 5000), 'someone leads');
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(events.length, 1, 'only one leads');
  const [leader, follower, stopLeader] = a.isLeader() ? [a, b, stopA] : [b, a, stopB];
  stopLeader.abort();
  await runs.get(leader);
  assert.ok(await waitFor(() => follower.isLeader(), 5000), 'the other takes over');
  const lease = await client.forKind<Lease>('coordination.k8s.io', 'v1', 'Lease', 'default').get('client-test');
  assert.equal(lease.spec?.holderIdentity, follower === a ? 'a' : 'b');
  assert.equal(lease.spec?.leaseTransitions, 1);
  (follower === a ? stopA : stopB).abort();
  await runs.get(follower);
});

test('repeated events are aggregated into one Event with a count', async () => {
  const recorder = new EventRecorder({ client, component: 'client-test', logger: quiet });
  const cm = await client.forKind<ConfigMap>('', 'v1', 'ConfigMap', 'crud').create({ metadata: { name: 'evented' } });
  const ref = { ...cm, apiVersion: 'v1', kind: 'ConfigMap' };
  for (let i = 0; i < 3; i++) await recorder.event(ref, 'Normal', 'Tested', 'same message');
  const events = await client.forKind<Event>('', 'v1', 'Event', 'crud').list({ fieldSelector: 'involvedObject.name=evented' });
  assert.equal(events.items.length, 1);
  assert.equal(events.items[0]!.count, 3);
  assert.equal(events.items[0]!.involvedObject.kind, 'ConfigMap');
});
