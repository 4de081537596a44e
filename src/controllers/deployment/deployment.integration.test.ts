// Deployments end to end with the real kubectl against a real `kites server`, pods made ready by a
// fake kubelet: create, rollout status, a surge-only rolling update watched for availability,
// history, undo, restart and scaling.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Event, Namespace, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.d.ts';
import { startKitesServer, type KitesServer } from '../../../test/support/kites-server.ts';
import { ApiClient } from '../../client/index.ts';
import { isPodActive, isPodReady } from '../replicaset/pod-status.ts';
import { startFakeKubelet } from '../replicaset/testing.ts';
import { REVISION } from './annotations.ts';

const NS = 'deploy-it';
let server: KitesServer;
let client: ApiClient;
const stop = new AbortController();
const kubectl = (...args: string[]) => server.kubectl(['-n', NS, ...args]);

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

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 60_000): Promise<T> {
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

const pods = () => client.forKind<Pod>('', 'v1', 'Pod', NS);
const rss = () => client.forKind<ReplicaSet>('apps', 'v1', 'ReplicaSet', NS);
const deployments = () => client.forKind<Deployment>('apps', 'v1', 'Deployment', NS);
const activePods = async () => (await pods().list({ labelSelector: 'app=web' })).items.filter(isPodActive);
const imagesOf = (list: Pod[]) => [...new Set(list.map((p) => p.spec?.containers[0]?.image))];

test('kubectl create, rollout status, set image without losing availability, history, undo, scale', async () => {
  await kubectl('create', 'deployment', 'web', '--image=atseashop/webfront:v1.3', '--replicas=10');
  await until('1 ReplicaSet and 10 pods', async () => (await rss().list()).items.length === 1 && (await activePods()).length === 10);
  const status = await kubectl('rollout', 'status', 'deployment/web', '--timeout=60s');
  assert.match(status, /deployment "web" successfully rolled out/);
  const first = (await rss().list()).items[0]!;
  assert.match(first.metadata!.name!, /^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
  assert.equal(first.metadata?.labels?.['pod-template-hash'], first.metadata!.name!.slice(4));
  assert.equal(first.metadata?.annotations?.[REVISION], '1');
  const d1 = await deployments().get('web');
  assert.equal(d1.metadata?.annotations?.[REVISION], '1');
  assert.deepEqual(d1.status?.conditions?.map((c) => [c.type, c.status, c.reason]).sort(), [['Available', 'True', 'MinimumReplicasAvailable'], ['Progressing', 'True', 'NewReplicaSetAvailable']]);

  // Surge only: ready pods never drop below 10, pods never exceed 11.
  await deployments().patch('web', { spec: { strategy: { rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } } } }, 'merge');
  const watchStop = new AbortController();
  const seen = new Map<string, Pod>();
  let minReady = Infinity;
  let maxPods = 0;
  const list = await pods().list({ labelSelector: 'app=web' });
  for (const p of list.items) seen.set(p.metadata!.name!, p);
  const watching = (async () => {
    for await (const ev of pods().watch({ labelSelector: 'app=web', resourceVersion: list.metadata.resourceVersion, signal: watchStop.signal })) {
      if (ev.type === 'ERROR' || ev.type === 'BOOKMARK') continue;
      if (ev.type === 'DELETED') seen.delete(ev.object.metadata!.name!);
      else seen.set(ev.object.metadata!.name!, ev.object);
      const all = [...seen.values()];
      minReady = Math.min(minReady, all.filter((p) => isPodReady(p) && !p.metadata?.deletionTimestamp).length);
      // maxSurge bounds the pods that are not terminating (as upstream): a pod the ReplicaSet already
      // deleted may linger until its node agent confirms, beside the surge pod replacing it.
      maxPods = Math.max(maxPods, all.filter((p) => !p.metadata?.deletionTimestamp).length);
    }
  })().catch(() => undefined);
  await kubectl('set', 'image', 'deployment/web', 'webfront=atseashop/webfront:v1.4');
  assert.match(await kubectl('rollout', 'status', 'deployment/web', '--timeout=120s'), /successfully rolled out/);
  await until('only v1.4 pods', async () => {
    const active = await activePods();
    return active.length === 10 && imagesOf(active).join() === 'atseashop/webfront:v1.4';
  });
  watchStop.abort();
  await watching;
  assert.ok(minReady >= 10, `ready pods dropped to ${minReady}`);
  assert.ok(maxPods <= 11, `pods reached ${maxPods}`);

  const history = await kubectl('rollout', 'history', 'deployment/web');
  assert.deepEqual(history.split('\n').filter((l) => /^\d+\s/.test(l)).map((l) => l.split(/\s+/)[0]), ['1', '2']);

  await kubectl('rollout', 'undo', 'deployment/web');
  assert.match(await kubectl('rollout', 'status', 'deployment/web', '--timeout=120s'), /successfully rolled out/);
  await until('back on v1.3', async () => {
    const active = await activePods();
    return active.length === 10 && imagesOf(active).join() === 'atseashop/webfront:v1.3';
  });
  const afterUndo = (await rss().list()).items;
  assert.equal(afterUndo.length, 2, 'undo reuses the first ReplicaSet');
  const reused = afterUndo.find((rs) => rs.metadata?.uid === first.metadata?.uid)!;
  assert.equal(reused.metadata?.annotations?.[REVISION], '3');
  assert.equal(reused.metadata?.annotations?.['deployment.kubernetes.io/revision-history'], '1');
  assert.equal((await deployments().get('web')).metadata?.annotations?.[REVISION], '3');
  const history2 = await kubectl('rollout', 'history', 'deployment/web');
  assert.deepEqual(history2.split('\n').filter((l) => /^\d+\s/.test(l)).map((l) => l.split(/\s+/)[0]), ['2', '3']);

  await kubectl('scale', 'deployment/web', '--replicas=0');
  await until('no pods', async () => (await activePods()).length === 0 && ((await deployments().get('web')).status?.replicas ?? 0) === 0);
  await kubectl('scale', 'deployment/web', '--replicas=50');
  assert.match(await kubectl('rollout', 'status', 'deployment/web', '--timeout=120s'), /successfully rolled out/);
  assert.equal((await activePods()).length, 50);
  const d = await deployments().get('web');
  assert.deepEqual([d.status?.replicas, d.status?.updatedReplicas, d.status?.readyReplicas, d.status?.availableReplicas], [50, 50, 50, 50]);

  const events = (await client.forKind<Event>('', 'v1', 'Event', NS).list()).items;
  assert.ok(events.some((e) => e.reason === 'ScalingReplicaSet' && /^Scaled up replica set web-\w+ from 0 to 10$/.test(e.message ?? '')), 'ScalingReplicaSet event');
});

test('kubectl rollout restart makes a new ReplicaSet; Recreate replaces all pods at once', async () => {
  await kubectl('create', 'deployment', 'api', '--image=atseashop/webfront:v1.3', '--replicas=3');
  assert.match(await kubectl('rollout', 'status', 'deployment/api', '--timeout=60s'), /successfully rolled out/);
  await kubectl('rollout', 'restart', 'deployment/api');
  assert.match(await kubectl('rollout', 'status', 'deployment/api', '--timeout=60s'), /successfully rolled out/);
  await until('two ReplicaSets for api', async () => (await rss().list({ labelSelector: 'app=api' })).items.length === 2);

  await deployments().patch('api', { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } }, 'strategic');
  await kubectl('set', 'image', 'deployment/api', 'webfront=atseashop/webfront:v1.4');
  assert.match(await kubectl('rollout', 'status', 'deployment/api', '--timeout=60s'), /successfully rolled out/);
  const active = (await pods().list({ labelSelector: 'app=api' })).items.filter(isPodActive);
  assert.equal(active.length, 3);
  assert.deepEqual(imagesOf(active), ['atseashop/webfront:v1.4']);
});
