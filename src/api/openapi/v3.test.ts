import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtureRegistry, registries } from '../discovery/fixture.ts';
import { buildOpenAPIV3 } from './v3.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function parse(docs: ReturnType<typeof buildOpenAPIV3>, path: string): any {
  const doc = docs.document(path);
  assert.ok(doc, `no document ${path}`);
  return JSON.parse(doc.body.toString());
}

function* refsIn(value: unknown): Generator<string> {
  if (Array.isArray(value)) for (const v of value) yield* refsIn(v);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') yield v;
      else yield* refsIn(v);
    }
  }
}

function* operations(doc: any): Generator<[string, string, any]> {
  for (const [path, item] of Object.entries<any>(doc.paths)) for (const m of METHODS) if (item[m]) yield [path, m, item[m]];
}

const fixture = buildOpenAPIV3(fixtureRegistry(), { version: 'v1.32.0+kites' });

test('index points at every group-version with its hash', () => {
  const index = JSON.parse(fixture.index.toString());
  assert.deepEqual(Object.keys(index.paths), ['api/v1', 'apis/apps/v1']);
  for (const [path, entry] of Object.entries<any>(index.paths)) {
    assert.equal(entry.serverRelativeURL, `/openapi/v3/${path}?hash=${fixture.document(path)!.hash}`);
    assert.match(fixture.document(path)!.hash, /^[0-9A-F]{128}$/);
  }
  assert.equal(fixture.document('/apis/apps/v1/')?.hash, fixture.document('apis/apps/v1')?.hash);
  assert.equal(fixture.document('apis/nope/v1'), undefined);
});

test('the hash is stable across builds', () => {
  const again = buildOpenAPIV3(fixtureRegistry(), { version: 'v1.32.0+kites' });
  assert.deepEqual(again.index, fixture.index);
});

test('components are named as upstream, with GVK tags on kinds and lists', () => {
  const doc = parse(fixture, 'apis/apps/v1');
  const s = doc.components.schemas;
  assert.deepEqual(s['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind'], [{ group: 'apps', version: 'v1', kind: 'Deployment' }]);
  assert.deepEqual(s['io.k8s.api.apps.v1.DeploymentList']['x-kubernetes-group-version-kind'], [{ group: 'apps', version: 'v1', kind: 'DeploymentList' }]);
  assert.deepEqual(s['io.k8s.api.autoscaling.v1.Scale']['x-kubernetes-group-version-kind'], [{ group: 'autoscaling', version: 'v1', kind: 'Scale' }]);
  assert.ok(s['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']);
  assert.equal(s['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']['x-kubernetes-group-version-kind'], undefined);
  assert.equal(s['io.k8s.api.core.v1.Pod'], undefined, 'Pod is not reachable from apps/v1');
});

test('field shapes follow upstream: allOf refs, formats, list and patch extensions', () => {
  const s = parse(fixture, 'api/v1').components.schemas;
  const containers = s['io.k8s.api.core.v1.PodSpec'].properties.containers;
  assert.deepEqual(containers, {
    type: 'array',
    items: { $ref: '#/components/schemas/io.k8s.api.core.v1.Container' },
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': ['name'],
    description: 'The containers of the pod.',
    'x-kubernetes-patch-merge-key': 'name',
    'x-kubernetes-patch-strategy': 'merge',
  });
  assert.deepEqual(s['io.k8s.api.core.v1.PodSpec'].required, ['containers']);
  assert.deepEqual(s['io.k8s.api.core.v1.Pod'].properties.spec, { allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.PodSpec' }] });
  assert.deepEqual(s['io.k8s.api.core.v1.ResourceRequirements'].properties.limits, { type: 'object', additionalProperties: { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity' } });
  assert.deepEqual(s['io.k8s.api.core.v1.PodSpec'].properties.terminationGracePeriodSeconds, { type: 'integer', format: 'int64' });
  assert.deepEqual(s['io.k8s.api.core.v1.Container'].properties.imagePullPolicy.enum, ['Always', 'IfNotPresent', 'Never']);
  assert.equal(s['io.k8s.apimachinery.pkg.apis.meta.v1.Time'].format, 'date-time');
  assert.deepEqual(s['io.k8s.apimachinery.pkg.api.resource.Quantity'].oneOf, [{ type: 'string' }, { type: 'number' }]);
  const apps = parse(fixture, 'apis/apps/v1').components.schemas;
  assert.equal(apps['io.k8s.apimachinery.pkg.util.intstr.IntOrString'].format, 'int-or-string');
  assert.equal(apps['io.k8s.api.apps.v1.DeploymentSpec'].properties.strategy['x-kubernetes-patch-strategy'], 'retainKeys');
});

test('paths: every verb of every resource, in the places upstream puts them', () => {
  const doc = parse(fixture, 'apis/apps/v1');
  const ns = '/apis/apps/v1/namespaces/{namespace}/deployments';
  const actions = (p: string) => Object.fromEntries(METHODS.filter((m) => doc.paths[p]?.[m]).map((m) => [m, doc.paths[p][m]['x-kubernetes-action']]));
  assert.deepEqual(actions(ns), { get: 'list', post: 'post', delete: 'deletecollection' });
  assert.deepEqual(actions(`${ns}/{name}`), { get: 'get', put: 'put', delete: 'delete', patch: 'patch' });
  assert.deepEqual(actions('/apis/apps/v1/deployments'), { get: 'list' });
  assert.deepEqual(actions(`${ns}/{name}/scale`), { get: 'get', put: 'put', patch: 'patch' });
  assert.deepEqual(doc.paths[`${ns}/{name}/scale`].patch['x-kubernetes-group-version-kind'], { group: 'autoscaling', version: 'v1', kind: 'Scale' });
  assert.deepEqual(Object.keys(doc.paths[`${ns}/{name}`].patch.requestBody.content), [
    'application/apply-patch+yaml',
    'application/json-patch+json',
    'application/merge-patch+json',
    'application/strategic-merge-patch+json',
  ]);
  assert.ok(doc.paths[ns].get.parameters.some((p: any) => p.name === 'watch'));
  const core = parse(fixture, 'api/v1');
  assert.deepEqual(Object.keys(core.paths['/api/v1/namespaces/{name}']).filter((k) => k !== 'parameters').sort(), ['delete', 'get', 'patch', 'put']);
  assert.equal(core.paths['/api/v1/namespaces/{namespace}/pods/{name}/exec'].post['x-kubernetes-action'], 'connect');
  assert.equal(core.paths['/api/v1/namespaces/{namespace}/pods/{name}/log'].get.responses['200'].content['text/plain'].schema.type, 'string');
});

test('every registry: every $ref resolves, every write names fieldValidation, every kind is tagged', () => {
  for (const { name, registry } of registries()) {
    const docs = buildOpenAPIV3(registry, { version: 'test' });
    const index = JSON.parse(docs.index.toString());
    const gvs = new Set(registry.groupVersions().map((gv) => (gv.group === '' ? `api/${gv.version}` : `apis/${gv.group}/${gv.version}`)));
    assert.deepEqual(new Set(Object.keys(index.paths)), gvs, name);
    for (const path of gvs) {
      const doc = parse(docs, path);
      for (const ref of refsIn(doc)) {
        const target = ref.replace('#/components/schemas/', '');
        assert.ok(doc.components.schemas[target], `${name} ${path}: unresolved ${ref}`);
      }
      for (const [p, method, op] of operations(doc)) {
        const action = op['x-kubernetes-action'];
        if (method === 'patch' || (action !== 'connect' && (method === 'put' || method === 'post'))) {
          assert.ok(op.parameters.some((q: any) => q.name === 'fieldValidation' && q.in === 'query'), `${name} ${method} ${p} lacks fieldValidation`);
        }
      }
      for (const r of registry.resources().filter((r) => (r.group === '' ? `api/${r.version}` : `apis/${r.group}/${r.version}`) === path)) {
        const gvk = doc.components.schemas[r.typeName]?.['x-kubernetes-group-version-kind'];
        assert.ok(gvk?.some((g: any) => g.kind === r.kind && g.group === r.group && g.version === r.version), `${name}: ${r.typeName} untagged`);
        const patches = [...operations(doc)].filter(([, m, op]) => m === 'patch' && op['x-kubernetes-group-version-kind']?.kind === r.kind);
        if (r.verbs.includes('patch')) assert.ok(patches.length > 0, `${name}: no PATCH for ${r.kind}`);
      }
    }
  }
});
