// A CRD schema as registry TypeDefs, and what the registry derives from them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinRegistry } from '../../api/schema/registry.ts';
import { groupVersionDocument } from '../../api/openapi/v3.ts';
import { unknownFields } from '../field-validation.ts';
import { servedVersions } from './resource.ts';
import { customTypeName, typeDefsFor } from './typedefs.ts';
import { widgetCrd, widgetSchema } from './testing.ts';

test('type names follow upstream: reversed group, version, kind', () => {
  assert.equal(customTypeName('example.com', 'v1', 'Widget'), 'com.example.v1.Widget');
  assert.equal(customTypeName('stable.example.co.uk', 'v1beta1', 'CronTab'), 'uk.co.example.stable.v1beta1.CronTab');
});

test('schema → TypeDefs', () => {
  const types = typeDefsFor('com.example.v1.Widget', widgetSchema);
  const byName = new Map(types.map((t) => [t.name, t]));
  assert.equal(types[0]!.name, 'com.example.v1.Widget');
  const root = byName.get('com.example.v1.Widget')!;
  assert.deepEqual(Object.keys(root.fields), ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  assert.deepEqual(root.fields.metadata!.schema, { type: 'ref', name: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' });
  const spec = byName.get('com.example.v1.Widget.spec.Object')!;
  assert.equal(root.fields.spec!.description, 'Desired state.');
  assert.equal(spec.description, undefined, 'described once, on the field');
  const cases: [string, unknown][] = [
    ['color', { type: 'string', enum: ['red', 'green', 'blue'] }],
    ['replicas', { type: 'integer', format: 'int32' }],
    ['port', { type: 'int-or-string' }],
    ['tags', { type: 'array', items: { type: 'string' }, listType: 'set' }],
    ['ports', { type: 'array', items: { type: 'ref', name: 'com.example.v1.Widget.spec.ports.items.Object' } }],
    ['labels', { type: 'map', values: { type: 'string' } }],
    ['extra', { type: 'any' }],
    ['template', { type: 'ref', name: 'com.example.v1.Widget.spec.template.Object' }],
  ];
  for (const [field, want] of cases) assert.deepEqual(spec.fields[field]!.schema, want, field);
  assert.equal(spec.fields.color!.required, true);
  assert.deepEqual(Object.keys(byName.get('com.example.v1.Widget.spec.template.Object')!.fields), ['apiVersion', 'kind', 'metadata', 'spec']);
});

test('no schema: everything is preserved', () => {
  const [root] = typeDefsFor('com.example.v1.Thing', undefined);
  assert.deepEqual(Object.keys(root!.fields), ['apiVersion', 'kind', 'metadata']);
});

test('registered, a custom resource gets unknown-field detection and an OpenAPI v3 document', () => {
  const registry = builtinRegistry();
  const crd = widgetCrd();
  crd.spec.versions[0]!.selectableFields = [{ jsonPath: '.spec.color' }];
  const [served] = servedVersions(crd, crd.spec.names, { name: 'widgets.example.com', terminating: false });
  assert.equal(served!.resource.selectableFields['spec.color']!({ spec: { color: 'red' } }), 'red', 'field selectors from selectableFields');
  registry.register(served!.resource, served!.types);
  const body = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', bogus: 1 }, spec: { color: 'red', size: 1, extra: { free: 1 }, ports: [{ port: 1, x: 2 }] } };
  assert.deepEqual(unknownFields(body, served!.resource.typeName, registry), ['metadata.bogus', 'spec.size', 'spec.ports[0].x']);
  const doc = groupVersionDocument(registry, 'example.com', 'v1') as { paths: Record<string, unknown>; components: { schemas: Record<string, { 'x-kubernetes-group-version-kind'?: unknown }> } };
  assert.ok(doc.paths['/apis/example.com/v1/namespaces/{namespace}/widgets/{name}']);
  assert.ok(doc.paths['/apis/example.com/v1/namespaces/{namespace}/widgets/{name}/scale']);
  // kubectl apply sends a strategic merge patch only where OpenAPI lists it; custom resources never do.
  const item = doc.paths['/apis/example.com/v1/namespaces/{namespace}/widgets/{name}'] as { patch: { requestBody: { content: Record<string, unknown> } } };
  assert.deepEqual(Object.keys(item.patch.requestBody.content), ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json']);
  assert.deepEqual(doc.components.schemas['com.example.v1.Widget']!['x-kubernetes-group-version-kind'], [{ group: 'example.com', version: 'v1', kind: 'Widget' }]);
  assert.ok(doc.components.schemas['com.example.v1.Widget.spec.Object']);
  assert.ok(doc.components.schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']);
});
