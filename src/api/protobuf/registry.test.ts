// The decoder over the real schema registry: the bodies kubectl sends decode with builtinRegistry()'s
// TypeDefs and resource table alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinRegistry } from '../schema/registry.ts';
import { decodeProtobufBody } from './decode.ts';
import { kubectlBodies } from './testing/kubectl-bodies.ts';

const registry = builtinRegistry();
const typeNameForKind = (apiVersion: string, kind: string) => {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  return registry.resourceForKind(group!, version!, kind)?.typeName;
};

// Until the registry marks Go pointer fields, a pointer set to zero (replicas: 0) is dropped like any zero.
const pointersMarked = registry.type('io.k8s.api.apps.v1.DeploymentSpec')?.fields.replicas?.pointer === true;

for (const c of kubectlBodies) {
  const todo = c.needsPointerFlags && !pointersMarked ? 'the registry does not mark pointer fields (FieldDef.pointer) yet' : false;
  test(`builtinRegistry() decodes the body of ${c.command}`, { todo }, () => {
    assert.deepEqual(decodeProtobufBody(Buffer.from(c.hex, 'hex'), registry, typeNameForKind).object, c.want);
  });
}
