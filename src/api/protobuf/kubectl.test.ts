import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeProtobufBody } from './decode.ts';
import { kubectlBodies } from './testing/kubectl-bodies.ts';
import { testKinds, testLookup } from './testing/types.ts';

for (const c of kubectlBodies) {
  test(`decodes the body of ${c.command}`, () => {
    assert.deepEqual(decodeProtobufBody(Buffer.from(c.hex, 'hex'), testLookup, testKinds).object, c.want);
  });
}
