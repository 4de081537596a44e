import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { Deployment } from 'kubernetes-types/apps/v1.d.ts';
import { builtinRegistry } from '../api/schema/registry.ts';
import { ApiClient } from './client.ts';
import { isConflict } from './errors.ts';
import { refForKind } from './resource.ts';
import { FakeStream, FakeTransport, statusBody } from './testing.ts';

const pod = (name: string, ns = 'default'): Pod => ({ metadata: { name, namespace: ns }, spec: { containers: [{ name: 'c', image: 'i' }] } });

test('refs come from the registry', () => {
  const registry = builtinRegistry();
  assert.deepEqual(refForKind(registry, 'apps', 'v1', 'Deployment'), { group: 'apps', version: 'v1', plural: 'deployments', namespaced: true });
  assert.deepEqual(refForKind(registry, '', 'v1', 'Node'), { group: '', version: 'v1', plural: 'nodes', namespaced: false });
  assert.throws(() => refForKind(registry, 'x', 'v1', 'Nope'), /no resource for kind x\/v1 Nope/);
});

test('verbs map to upstream paths, methods, queries and content types', async () => {
  const fake = new FakeTransport().on('GET', /./, { status: 200, body: {} }).on('POST', /./, { status: 201, body: {} }).on('PUT', /./, { status: 200, body: {} }).on('PATCH', /./, { status: 200, body: {} }).on('DELETE', /./, { status: 200, body: {} });
  const client = new ApiClient(fake.send);
  const pods = client.forKind<Pod>('', 'v1', 'Pod');
  const deployments = client.forKind<Deployment>('apps', 'v1', 'Deployment', 'web');
  await pods.list({ labelSelector: 'app=a', limit: 10 });
  await pods.inNamespace('default').get('p1');
  await pods.create(pod('p1'));
  await pods.update({ ...pod('p1'), metadata: { name: 'p1', namespace: 'default', resourceVersion: '5' } });
  await pods.updateStatus(pod('p1'));
  await pods.inNamespace('default').patch('p1', [{ op: 'add', path: '/x', value: 1 }], 'json');
  await pods.inNamespace('default').patchStatus('p1', { status: { phase: 'Running' } });
  await deployments.patch('d', { spec: {} }, 'strategic', { fieldManager: 'me' });
  await pods.inNamespace('default').delete('p1', { gracePeriodSeconds: 0, propagationPolicy: 'Background', preconditions: { uid: 'u1' } });
  await pods.inNamespace('default').deleteCollection({ labelSelector: 'a=b' });
  await pods.inNamespace('default').bind('p1', 'node-1');
  await pods.inNamespace('default').evict('p1');
  await deployments.scale('d', 3);
  await deployments.getScale('d');
  const seen = fake.requests.map((r) => `${r.method} ${r.path} ${r.headers['Content-Type'] ?? ''}`.trim());
  assert.deepEqual(seen, [
    'GET /api/v1/pods?labelSelector=app%3Da&limit=10',
    'GET /api/v1/namespaces/default/pods/p1',
    'POST /api/v1/namespaces/default/pods application/json',
    'PUT /api/v1/namespaces/default/pods/p1 application/json',
    'PUT /api/v1/namespaces/default/pods/p1/status application/json',
    'PATCH /api/v1/namespaces/default/pods/p1 application/json-patch+json',
    'PATCH /api/v1/namespaces/default/pods/p1/status application/merge-patch+json',
    'PATCH /apis/apps/v1/namespaces/web/deployments/d?fieldManager=me application/strategic-merge-patch+json',
    'DELETE /api/v1/namespaces/default/pods/p1 application/json',
    'DELETE /api/v1/namespaces/default/pods?labelSelector=a%3Db application/json',
    'POST /api/v1/namespaces/default/pods/p1/binding application/json',
    'POST /api/v1/namespaces/default/pods/p1/eviction application/json',
    'PATCH /apis/apps/v1/namespaces/web/deployments/d/scale application/merge-patch+json',
    'GET /apis/apps/v1/namespaces/web/deployments/d/scale',
  ]);
  assert.equal((fake.requests[2]!.json as Pod).apiVersion, 'v1');
  assert.deepEqual(fake.requests[8]!.json, { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0, propagationPolicy: 'Background', preconditions: { uid: 'u1' } });
  assert.deepEqual(fake.requests[10]!.json, { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p1', namespace: 'default' }, target: { apiVersion: 'v1', kind: 'Node', name: 'node-1' } });
  assert.throws(() => pods.get('p1'), /needs a namespace/);
});

test('failures become ApiStatusError', async () => {
  const fake = new FakeTransport().on('PUT', /./, { status: 409, body: statusBody(409, 'Conflict', 'the object has been modified') });
  const pods = new ApiClient(fake.send).forKind<Pod>('', 'v1', 'Pod');
  await assert.rejects(pods.update(pod('p')), (err) => isConflict(err));
});

test('listAll follows continue tokens and keeps the first page resourceVersion', async () => {
  const fake = new FakeTransport()
    .once('GET', /pods$/, { status: 200, body: { metadata: { resourceVersion: '7', continue: 'c1' }, items: [pod('a')] } })
    .once('GET', /pods$/, { status: 200, body: { metadata: { resourceVersion: '7' }, items: [pod('b')] } });
  const list = await new ApiClient(fake.send).forKind<Pod>('', 'v1', 'Pod').listAll({ limit: 1 });
  assert.deepEqual(list.items.map((p) => p.metadata!.name), ['a', 'b']);
  assert.equal(list.metadata.resourceVersion, '7');
  assert.match(fake.requests[1]!.path, /continue=c1/);
});

test('watch yields events line by line and ends when aborted', async () => {
  const stream = new FakeStream();
  const fake = new FakeTransport().on('GET', /pods$/, { status: 200, stream });
  const pods = new ApiClient(fake.send).forKind<Pod>('', 'v1', 'Pod', 'default');
  const abort = new AbortController();
  stream.push({ type: 'ADDED', object: pod('a') });
  stream.push({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '9' } } });
  const seen: string[] = [];
  for await (const ev of pods.watch({ resourceVersion: '3', allowWatchBookmarks: true, signal: abort.signal })) {
    seen.push(`${ev.type} ${ev.object.metadata?.resourceVersion ?? (ev.object.metadata as { name?: string })?.name}`);
    if (seen.length === 2) abort.abort();
  }
  assert.deepEqual(seen, ['ADDED a', 'BOOKMARK 9']);
  assert.match(fake.requests[0]!.path, /resourceVersion=3&allowWatchBookmarks=true&watch=true/);
});

test('a refused watch throws with the Status', async () => {
  const fake = new FakeTransport().on('GET', /pods$/, { status: 410, body: statusBody(410, 'Expired', 'too old resource version') });
  const pods = new ApiClient(fake.send).forKind<Pod>('', 'v1', 'Pod');
  await assert.rejects(async () => {
    for await (const _ of pods.watch({ resourceVersion: '1' })) void _;
  }, /too old resource version/);
});
