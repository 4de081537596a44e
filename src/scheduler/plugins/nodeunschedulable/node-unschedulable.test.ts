import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Code } from '../../framework/status.ts';
import { node, pod } from '../../testing/builders.ts';
import { filterOn } from '../../testing/run-plugin.ts';
import { NodeUnschedulable, REASON_UNSCHEDULABLE } from './node-unschedulable.ts';

test('NodeUnschedulable filter', () => {
  const cases = [
    { name: 'schedulable node', pod: pod('p'), node: node('n1'), code: Code.Success },
    { name: 'cordoned node', pod: pod('p'), node: node('n1').unschedulable(), code: Code.UnschedulableAndUnresolvable },
    { name: 'tolerated', pod: pod('p').toleration({ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }), node: node('n1').unschedulable(), code: Code.Success },
    { name: 'toleration for another effect', pod: pod('p').toleration({ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoExecute' }), node: node('n1').unschedulable(), code: Code.UnschedulableAndUnresolvable },
  ];
  for (const c of cases) {
    const s = filterOn(new NodeUnschedulable(), c.pod.obj(), c.node.obj());
    assert.equal(s.code, c.code, c.name);
    if (c.code !== Code.Success) assert.deepEqual(s.reasons, [REASON_UNSCHEDULABLE]);
  }
});

test('NodeUnschedulable hint queues only for a schedulable node', () => {
  const [reg] = new NodeUnschedulable().eventsToRegister();
  assert.equal(reg!.hint!(pod('p').obj(), undefined, node('n1').obj()), 'Queue');
  assert.equal(reg!.hint!(pod('p').obj(), undefined, node('n1').unschedulable().obj()), 'Skip');
});
