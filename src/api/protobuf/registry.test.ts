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

// A zero in a Go pointer field (replicas: 0) survives only because the registry marks it FieldDef.pointer.
for (const c of kubectlBodies) {
  test(`builtinRegistry() decodes the body of ${c.command}`, () => {
    assert.deepEqual(decodeProtobufBody(Buffer.from(c.hex, 'hex'), registry, typeNameForKind).object, c.want);
  });
}
