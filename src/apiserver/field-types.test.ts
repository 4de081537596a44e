import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinRegistry } from '../api/schema/registry.ts';
import { checkFieldTypes, firstTypeMismatch } from './field-types.ts';
import { ApiError } from './status.ts';

const registry = builtinRegistry();
const deploymentType = registry.resource('apps', 'v1', 'deployments')!.typeName;

function deployment(patch: (d: any) => void): unknown {
  const d = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' }, creationTimestamp: null },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'i', resources: { requests: { cpu: 1, memory: '1Gi' } } }] } },
    },
  };
  patch(d);
  return d;
}

test('firstTypeMismatch finds values of the wrong JSON type for their schema', () => {
  const cases: Array<[string, (d: any) => void, { path: string; got: string; want: string } | undefined]> = [
    ['a valid deployment (int-or-string, quantity numbers, null time)', () => {}, undefined],
    ['a string where an object belongs', (d) => (d.spec.template = 'true'), { path: 'spec.template', got: 'string', want: 'object' }],
    ['a number label value', (d) => (d.metadata.labels.app = 1), { path: 'metadata.labels.app', got: 'number', want: 'string' }],
    ['a fractional integer', (d) => (d.spec.replicas = 1.5), { path: 'spec.replicas', got: 'number 1.5', want: 'integer' }],
    ['an object where an array belongs', (d) => (d.spec.template.spec.containers = {}), { path: 'spec.template.spec.containers', got: 'object', want: 'array' }],
    ['a bad item in an array', (d) => (d.spec.template.spec.containers[0].name = true), { path: 'spec.template.spec.containers[0].name', got: 'boolean', want: 'string' }],
    ['unknown fields are left to field validation', (d) => (d.spec.bogus = 'x'), undefined],
  ];
  for (const [what, patch, expected] of cases) assert.deepEqual(firstTypeMismatch(deployment(patch), deploymentType, registry), expected, what);
});

test('checkFieldTypes throws 400 BadRequest naming the field', () => {
  assert.throws(
    () => checkFieldTypes(deployment((d) => (d.spec.template = 'true')), deploymentType, registry, 'v1'),
    (err) => err instanceof ApiError && err.code === 400 && /cannot be handled as a Deployment: .*spec\.template of type object/.test(err.message),
  );
});

test('null map values and list items become the zero value of their type, as Go decodes them', () => {
  const d = deployment((d) => {
    d.metadata.labels.x = null;
    d.metadata.finalizers = [null];
    d.spec.template.spec.containers.push(null);
  }) as any;
  assert.equal(firstTypeMismatch(d, deploymentType, registry), undefined);
  assert.deepEqual(d.metadata.labels, { app: 'web', x: '' });
  assert.deepEqual(d.metadata.finalizers, ['']);
  assert.deepEqual(d.spec.template.spec.containers[1], {});
});
