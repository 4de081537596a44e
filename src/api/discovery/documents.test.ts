import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildDiscovery, type DiscoveryResponse } from './documents.ts';
import { fixtureRegistry, registries } from './fixture.ts';

const V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
const V2BETA1 = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';

function body(r: DiscoveryResponse | undefined): any {
  assert.ok(r && r.status === 200, 'expected a 200 answer');
  return JSON.parse(r.body.toString());
}

const docs = buildDiscovery(fixtureRegistry(), { serverAddress: '10.0.0.1:6443' });

test('/api lists v1 and the server address', () => {
  const r = docs.respond('/api', 'application/json');
  assert.equal(r?.status === 200 && r.contentType, 'application/json');
  assert.deepEqual(body(r), { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '10.0.0.1:6443' }] });
});

test('/apis lists named groups with a preferred version', () => {
  const list = body(docs.respond('/apis', undefined));
  assert.equal(list.kind, 'APIGroupList');
  assert.deepEqual(list.groups, [{ name: 'apps', versions: [{ groupVersion: 'apps/v1', version: 'v1' }], preferredVersion: { groupVersion: 'apps/v1', version: 'v1' } }]);
  assert.equal(body(docs.respond('/apis/apps', undefined)).kind, 'APIGroup');
});

test('/api/v1 lists each resource before its subresources', () => {
  const list = body(docs.respond('/api/v1/', 'application/json'));
  assert.equal(list.groupVersion, 'v1');
  assert.deepEqual(
    list.resources.map((r: any) => r.name),
    ['namespaces', 'namespaces/status', 'pods', 'pods/exec', 'pods/log', 'pods/status'],
  );
  const pods = list.resources.find((r: any) => r.name === 'pods');
  assert.deepEqual(pods, { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: pods.verbs, shortNames: ['po'], categories: ['all'] });
  assert.equal(list.resources.find((r: any) => r.name === 'namespaces').namespaced, false);
});

test('/apis/apps/v1 names the group of a subresource body kept elsewhere', () => {
  const list = body(docs.respond('/apis/apps/v1', 'application/json'));
  const scale = list.resources.find((r: any) => r.name === 'deployments/scale');
  assert.deepEqual(scale, { name: 'deployments/scale', singularName: '', namespaced: true, kind: 'Scale', verbs: ['get', 'patch', 'update'], group: 'autoscaling', version: 'v1' });
  const status = list.resources.find((r: any) => r.name === 'deployments/status');
  assert.equal(status.kind, 'Deployment');
  assert.equal(status.group, undefined);
});

test('unknown paths are not discovery', () => {
  assert.equal(docs.respond('/apis/nope/v1', undefined), undefined);
  assert.equal(docs.respond('/api/v1/pods', undefined), undefined);
});

test('aggregated /apis v2 and v2beta1 echo the media type kubectl matches', () => {
  for (const [accept, apiVersion] of [
    [`${V2},${V2BETA1},application/json`, 'apidiscovery.k8s.io/v2'],
    [`${V2BETA1},application/json`, 'apidiscovery.k8s.io/v2beta1'],
  ] as const) {
    const r = docs.respond('/apis', accept);
    assert.ok(r && r.status === 200);
    assert.equal(r.contentType, accept.split(',')[0]);
    const list = body(r);
    assert.equal(list.kind, 'APIGroupDiscoveryList');
    assert.equal(list.apiVersion, apiVersion);
    assert.deepEqual(list.items.map((g: any) => g.metadata.name), ['apps']);
    const [deployments] = list.items[0].versions[0].resources;
    assert.equal(list.items[0].versions[0].freshness, 'Current');
    assert.deepEqual(deployments.responseKind, { group: 'apps', version: 'v1', kind: 'Deployment' });
    assert.equal(deployments.scope, 'Namespaced');
    assert.equal(deployments.singularResource, 'deployment');
    assert.deepEqual(deployments.shortNames, ['deploy']);
    assert.deepEqual(deployments.categories, ['all']);
    assert.deepEqual(deployments.subresources, [
      { subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] },
      { subresource: 'status', responseKind: { group: 'apps', version: 'v1', kind: 'Deployment' }, verbs: ['get', 'patch', 'update'] },
    ]);
  }
});

test('aggregated /api holds only the core group, without a name', () => {
  const list = body(docs.respond('/api', V2));
  assert.equal(list.items.length, 1);
  assert.deepEqual(list.items[0].metadata, { creationTimestamp: null });
  const ns = list.items[0].versions[0].resources.find((r: any) => r.resource === 'namespaces');
  assert.equal(ns.scope, 'Cluster');
});

test('a client accepting nothing we have gets 406', () => {
  assert.deepEqual(docs.respond('/apis', 'application/vnd.kubernetes.protobuf'), { status: 406 });
});

test('every registry: resources precede subresources, every subresource has a responseKind', () => {
  for (const { name, registry } of registries()) {
    const d = buildDiscovery(registry, { serverAddress: '127.0.0.1:6443' });
    for (const gv of registry.groupVersions()) {
      const path = gv.group === '' ? `/api/${gv.version}` : `/apis/${gv.group}/${gv.version}`;
      const names: string[] = body(d.respond(path, undefined)).resources.map((r: any) => r.name);
      names.forEach((n, i) => {
        const parent = n.split('/')[0]!;
        if (n.includes('/')) assert.ok(names.indexOf(parent) > -1 && names.indexOf(parent) < i, `${name}: ${n} after ${parent}`);
      });
    }
    for (const path of ['/api', '/apis']) {
      for (const g of body(d.respond(path, V2)).items) {
        for (const v of g.versions) for (const r of v.resources) for (const s of r.subresources ?? []) assert.ok(s.responseKind.kind, `${name}: ${r.resource}/${s.subresource}`);
      }
    }
  }
});
