// The ReplicaSet controller inside a real `kites server`: pods created from the template, made ready
// by a fake kubelet, scaled down, orphans adopted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Event, Namespace, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.d.ts';
import { startKitesServer, type KitesServer } from '../../../test/support/kites-server.ts';
import { ApiClient } from '../../client/index.ts';
import { isPodActive } from './pod-status.ts';
import { startFakeKubelet } from './testing.ts';

const NS = 'rs-it';
let server: KitesServer;
let client: ApiClient;
const stop = new AbortController();

before(async () => {
  server = await startKitesServer();
  client = await ApiClient.fromKubeconfig(server.kubeconfig);
  await client.forKind<Namespace>('', 'v1', 'Namespace').create({ metadata: { name: NS } });
  await startFakeKubelet(client, NS, stop.signal);
});

after(async () => {
  stop.abort();
  client?.close();
  await server?.stop();
});

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

test('a ReplicaSet creates, readies, scales down and adopts pods', async () => {
  const rss = client.forKind<ReplicaSet>('apps', 'v1', 'ReplicaSet', NS);
  const pods = client.forKind<Pod>('', 'v1', 'Pod', NS);
  await rss.create({
    metadata: { name: 'web' },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'atseashop/webfront:v1.3' }] } } },
  });
  const ready = await until('3 ready replicas', async () => {
    const rs = await rss.get('web');
    return rs.status?.readyReplicas === 3 && rs.status.availableReplicas === 3 && rs.status.observedGeneration === 1 && rs;
  });
  assert.equal(ready.status?.fullyLabeledReplicas, 3);
  const list = (await pods.list()).items;
  assert.equal(list.length, 3);
  for (const p of list) {
    assert.match(p.metadata!.name!, /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    assert.equal(p.metadata?.ownerReferences?.[0]?.controller, true);
  }

  await rss.scale('web', 1);
  await until('1 pod left', async () => (await pods.list()).items.filter(isPodActive).length === 1 && (await rss.get('web')).status?.replicas === 1);

  await pods.create({ metadata: { name: 'stray', labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'x' }] } });
  await until('the orphan adopted and the extra pod removed', async () => {
    const active = (await pods.list()).items.filter(isPodActive);
    return active.length === 1 && active.every((p) => p.metadata?.ownerReferences?.[0]?.name === 'web');
  });
  const events = await client.forKind<Event>('', 'v1', 'Event', NS).list();
  assert.ok(events.items.some((e) => e.reason === 'SuccessfulCreate' && e.source?.component === 'replicaset-controller'));
  assert.ok(events.items.some((e) => e.reason === 'SuccessfulDelete'));
});
