// The garbage collector inside a real `kites server`: background, foreground and orphan deletion of a
// Deployment → ReplicaSet → Pods chain. The chain is built by the Deployment and ReplicaSet
// controllers when they are registered, and by hand (with the ownerReferences they would set) when not.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.d.ts';
import type { Namespace, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { OwnerReference } from 'kubernetes-types/meta/v1.d.ts';
import { startKitesServer, type KitesServer } from '../../../test/support/kites-server.ts';
import { ApiClient, isNotFound, type KubeObject } from '../../client/index.ts';
import { controllerFactories } from '../registry.ts';

let server: KitesServer;
let client: ApiClient;

before(async () => {
  server = await startKitesServer();
  client = await ApiClient.fromKubeconfig(server.kubeconfig);
  for (const name of ['gc-bg', 'gc-fg', 'gc-orphan']) await client.forKind<Namespace>('', 'v1', 'Namespace').create({ metadata: { name } });
});

after(async () => {
  client?.close();
  await server?.stop();
});

async function eventually<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const ownerRef = (o: KubeObject, kind: string, apiVersion: string): OwnerReference => ({ apiVersion, kind, name: o.metadata!.name!, uid: o.metadata!.uid!, controller: true, blockOwnerDeletion: true });
const ownedBy = (o: KubeObject, uid: string) => (o.metadata?.ownerReferences ?? []).some((r) => r.uid === uid);

/** Deployment "web" → one ReplicaSet → two Pods in `ns`. */
async function chain(ns: string): Promise<{ deploy: Deployment; rs: ReplicaSet; pods: Pod[] }> {
  const labels = { app: 'web' };
  const template = { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'webfront:v1.3' }] } };
  const deployments = client.forKind<Deployment>('apps', 'v1', 'Deployment', ns);
  const replicaSets = client.forKind<ReplicaSet>('apps', 'v1', 'ReplicaSet', ns);
  const pods = client.forKind<Pod>('', 'v1', 'Pod', ns);
  const deploy = await deployments.create({ metadata: { name: 'web' }, spec: { replicas: 2, selector: { matchLabels: labels }, template } });
  const uid = deploy.metadata!.uid!;
  const rs =
    'deployment' in controllerFactories
      ? await eventually('a ReplicaSet of the Deployment', async () => (await replicaSets.list()).items.find((r) => ownedBy(r, uid)))
      : await replicaSets.create({ metadata: { name: 'web-1', labels, ownerReferences: [ownerRef(deploy, 'Deployment', 'apps/v1')] }, spec: { replicas: 2, selector: { matchLabels: labels }, template } });
  const rsUid = rs.metadata!.uid!;
  if (!('replicaset' in controllerFactories)) {
    for (const name of ['web-1-a', 'web-1-b']) await pods.create({ metadata: { name, labels, ownerReferences: [ownerRef(rs, 'ReplicaSet', 'apps/v1')] }, spec: template.spec });
  }
  const owned = await eventually('two Pods of the ReplicaSet', async () => {
    const items = (await pods.list()).items.filter((p) => ownedBy(p, rsUid));
    return items.length >= 2 && items;
  });
  return { deploy, rs, pods: owned };
}

async function gone(resource: { get(name: string): Promise<unknown> }, name: string): Promise<boolean> {
  try {
    await resource.get(name);
    return false;
  } catch (err) {
    if (isNotFound(err)) return true;
    throw err;
  }
}

test('background (kubectl delete): the Deployment goes, then its ReplicaSet and their Pods', async () => {
  await chain('gc-bg');
  await server.kubectl(['delete', 'deployment', 'web', '-n', 'gc-bg']);
  const replicaSets = client.forKind<ReplicaSet>('apps', 'v1', 'ReplicaSet', 'gc-bg');
  const pods = client.forKind<Pod>('', 'v1', 'Pod', 'gc-bg');
  await eventually('ReplicaSets and Pods collected', async () => (await replicaSets.list()).items.length === 0 && (await pods.list()).items.length === 0);
});

test('foreground: the owners wait while a blocking Pod remains, then everything goes', async () => {
  const { rs, pods: owned } = await chain('gc-fg');
  const pods = client.forKind<Pod>('', 'v1', 'Pod', 'gc-fg');
  const deployments = client.forKind<Deployment>('apps', 'v1', 'Deployment', 'gc-fg');
  const replicaSets = client.forKind<ReplicaSet>('apps', 'v1', 'ReplicaSet', 'gc-fg');
  const held = owned[0]!.metadata!.name!;
  await pods.patch(held, { metadata: { finalizers: ['kites.test/hold'] } });
  await deployments.delete('web', { propagationPolicy: 'Foreground' });

  await eventually('the held Pod marked for deletion', async () => (await pods.get(held)).metadata?.deletionTimestamp);
  const waitingRs = await replicaSets.get(rs.metadata!.name!);
  assert.ok(waitingRs.metadata?.deletionTimestamp, 'the ReplicaSet is being deleted');
  assert.ok(waitingRs.metadata?.finalizers?.includes('foregroundDeletion'), 'in the foreground, as its owner is');
  const waitingDeploy = await deployments.get('web');
  assert.deepEqual(waitingDeploy.metadata?.finalizers, ['foregroundDeletion']);

  await pods.patch(held, { metadata: { finalizers: null } });
  await eventually('the Deployment removed', () => gone(deployments, 'web'));
  assert.ok(await gone(replicaSets, rs.metadata!.name!));
  await eventually('no Pods left', async () => (await pods.list()).items.length === 0);
});

test('orphan: the Deployment goes and its ReplicaSet stays, without the reference', async () => {
  const { rs } = await chain('gc-orphan');
  await server.kubectl(['delete', 'deployment', 'web', '-n', 'gc-orphan', '--cascade=orphan']);
  const replicaSets = client.forKind<ReplicaSet>('apps', 'v1', 'ReplicaSet', 'gc-orphan');
  const pods = client.forKind<Pod>('', 'v1', 'Pod', 'gc-orphan');
  await eventually('the Deployment removed', () => gone(client.forKind<Deployment>('apps', 'v1', 'Deployment', 'gc-orphan'), 'web'));
  const left = await replicaSets.get(rs.metadata!.name!);
  assert.deepEqual(left.metadata?.ownerReferences ?? [], []);
  assert.equal(left.metadata?.deletionTimestamp, undefined);
  const rsPods = (await pods.list()).items.filter((p) => ownedBy(p, rs.metadata!.uid!));
  assert.ok(rsPods.length >= 2, 'the Pods still belong to the ReplicaSet');
});
