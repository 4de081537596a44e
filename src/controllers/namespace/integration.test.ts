// The namespace controller inside a real `kites server`: a namespace holding 100 objects of assorted
// kinds is emptied and removed under `kubectl delete ns`; an object held by a finalizer keeps the
// namespace Terminating, with conditions saying why, until the finalizer goes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Namespace, ConfigMap } from 'kubernetes-types/core/v1.d.ts';
import { startKitesServer, type KitesServer } from '../../../test/support/kites-server.ts';
import { ApiClient, isNotFound, type KubeObject } from '../../client/index.ts';

let server: KitesServer;
let client: ApiClient;

before(async () => {
  server = await startKitesServer();
  client = await ApiClient.fromKubeconfig(server.kubeconfig);
});

after(async () => {
  client?.close();
  await server?.stop();
});

async function eventually<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const podSpec = { containers: [{ name: 'c', image: 'webfront:v1.3' }] };
const labels = { app: 'x' };

/** [group, version, kind, count, build(i)]: 100 objects in all. */
const assortment: [string, string, string, number, (i: number) => Record<string, unknown>][] = [
  ['', 'v1', 'ConfigMap', 20, () => ({ data: { k: 'v' } })],
  ['', 'v1', 'Secret', 20, () => ({ stringData: { k: 'v' } })],
  ['', 'v1', 'Service', 10, () => ({ spec: { selector: labels, ports: [{ port: 80 }] } })],
  ['', 'v1', 'Pod', 15, () => ({ metadata: { labels: { other: 'y' } }, spec: podSpec })],
  ['', 'v1', 'ServiceAccount', 10, () => ({})],
  ['rbac.authorization.k8s.io', 'v1', 'Role', 5, () => ({ rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] })],
  ['rbac.authorization.k8s.io', 'v1', 'RoleBinding', 5, () => ({ roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'role-0' }, subjects: [{ kind: 'ServiceAccount', name: 'default' }] })],
  ['coordination.k8s.io', 'v1', 'Lease', 5, () => ({ spec: { holderIdentity: 'me' } })],
  ['apps', 'v1', 'Deployment', 3, (i) => ({ spec: { replicas: 1, selector: { matchLabels: { d: `${i}` } }, template: { metadata: { labels: { d: `${i}` } }, spec: podSpec } } })],
  ['apps', 'v1', 'ReplicaSet', 5, (i) => ({ spec: { replicas: 0, selector: { matchLabels: { r: `${i}` } }, template: { metadata: { labels: { r: `${i}` } }, spec: podSpec } } })],
  ['batch', 'v1', 'Job', 2, () => ({ spec: { template: { spec: { ...podSpec, restartPolicy: 'Never' } } } })],
];

test('kubectl delete ns empties a namespace of 100 assorted objects and removes it', async () => {
  const ns = 'crowded';
  await client.forKind<Namespace>('', 'v1', 'Namespace').create({ metadata: { name: ns } });
  let total = 0;
  for (const [group, version, kind, count, build] of assortment) {
    const resource = client.forKind<KubeObject>(group, version, kind, ns);
    await Promise.all(
      Array.from({ length: count }, (_, i) => {
        const body = build(i) as KubeObject;
        return resource.create({ ...body, metadata: { ...body.metadata, name: `${kind.toLowerCase()}-${i}` } });
      }),
    );
    total += count;
  }
  assert.equal(total, 100);

  await server.kubectl(['delete', 'namespace', ns, '--timeout=90s']);
  const get = await server.kubectlResult(['get', 'namespace', ns]);
  assert.notEqual(get.code, 0);
  assert.match(get.stderr, /NotFound/);
  for (const [group, version, kind] of assortment) {
    const left = await client.forKind<KubeObject>(group, version, kind, ns).list();
    assert.equal(left.items.length, 0, `${kind} left behind`);
  }
});

test('an object held by a finalizer keeps the namespace Terminating with conditions until it is released', async () => {
  const ns = 'held';
  const namespaces = client.forKind<Namespace>('', 'v1', 'Namespace');
  await namespaces.create({ metadata: { name: ns } });
  const cms = client.forKind<ConfigMap>('', 'v1', 'ConfigMap', ns);
  await cms.create({ metadata: { name: 'held', finalizers: ['kites.test/hold'] } });
  await cms.create({ metadata: { name: 'free' } });
  await namespaces.delete(ns);

  const waiting = await eventually('conditions on the terminating namespace', async () => {
    const current = await namespaces.get(ns);
    const remaining = current.status?.conditions?.find((c) => c.type === 'NamespaceFinalizersRemaining');
    return remaining?.status === 'True' && current;
  });
  assert.equal(waiting.status?.phase, 'Terminating');
  const byType = new Map(waiting.status!.conditions!.map((c) => [c.type, c]));
  assert.deepEqual([byType.get('NamespaceContentRemaining')?.reason, byType.get('NamespaceContentRemaining')?.message], ['SomeResourcesRemain', 'Some resources are remaining: configmaps. has 1 resource instances']);
  assert.equal(byType.get('NamespaceFinalizersRemaining')?.message, 'Some finalizers are remaining: kites.test/hold in 1 resource instances');
  assert.equal(byType.get('NamespaceDeletionDiscoveryFailure')?.status, 'False');
  assert.deepEqual(waiting.spec?.finalizers, ['kubernetes']);
  assert.ok((await cms.get('held')).metadata?.deletionTimestamp);
  await assert.rejects(cms.get('free'), isNotFound);

  await cms.patch('held', { metadata: { finalizers: null } });
  await eventually('the namespace removed', async () => {
    try {
      await namespaces.get(ns);
      return false;
    } catch (err) {
      return isNotFound(err);
    }
  });
});
