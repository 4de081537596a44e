import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Code } from '../../framework/status.ts';
import { node, pod } from '../../testing/builders.ts';
import { filterOn } from '../../testing/run-plugin.ts';
import { NodeName, REASON_NODE_NAME } from './node-name.ts';

test('NodeName filter', () => {
  const cases = [
    { name: 'no node name', pod: pod('p'), code: Code.Success },
    { name: 'same node', pod: pod('p').node('n1'), code: Code.Success },
    { name: 'other node', pod: pod('p').node('n2'), code: Code.UnschedulableAndUnresolvable },
  ];
  for (const c of cases) {
    const s = filterOn(new NodeName(), c.pod.obj(), node('n1').obj());
    assert.equal(s.code, c.code, c.name);
    if (c.code !== Code.Success) assert.deepEqual(s.reasons, [REASON_NODE_NAME]);
  }
});
