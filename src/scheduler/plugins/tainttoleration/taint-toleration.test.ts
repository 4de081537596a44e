import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Code } from '../../framework/status.ts';
import { node, pod } from '../../testing/builders.ts';
import { filterOn, scoresFor } from '../../testing/run-plugin.ts';
import { TaintToleration } from './taint-toleration.ts';

test('TaintToleration filter', () => {
  const cp = 'node-role.kubernetes.io/control-plane';
  const cases = [
    { name: 'no taints', pod: pod('p'), node: node('n1'), code: Code.Success },
    { name: 'untolerated NoSchedule', pod: pod('p'), node: node('n1').taint(cp, 'NoSchedule'), code: Code.UnschedulableAndUnresolvable, reason: `node(s) had untolerated taint {${cp}: }` },
    { name: 'untolerated NoExecute with value', pod: pod('p'), node: node('n1').taint('dedicated', 'NoExecute', 'db'), code: Code.UnschedulableAndUnresolvable, reason: 'node(s) had untolerated taint {dedicated: db}' },
    { name: 'PreferNoSchedule does not filter', pod: pod('p'), node: node('n1').taint('soft', 'PreferNoSchedule'), code: Code.Success },
    { name: 'Exists toleration', pod: pod('p').toleration({ key: cp, operator: 'Exists', effect: 'NoSchedule' }), node: node('n1').taint(cp, 'NoSchedule'), code: Code.Success },
    { name: 'Equal with matching value', pod: pod('p').toleration({ key: 'dedicated', operator: 'Equal', value: 'db' }), node: node('n1').taint('dedicated', 'NoSchedule', 'db'), code: Code.Success },
    { name: 'Equal with other value', pod: pod('p').toleration({ key: 'dedicated', value: 'web' }), node: node('n1').taint('dedicated', 'NoSchedule', 'db'), code: Code.UnschedulableAndUnresolvable, reason: 'node(s) had untolerated taint {dedicated: db}' },
    { name: 'empty key Exists tolerates all', pod: pod('p').toleration({ operator: 'Exists' }), node: node('n1').taint('a', 'NoSchedule').taint('b', 'NoExecute'), code: Code.Success },
    { name: 'effect mismatch', pod: pod('p').toleration({ key: 'a', operator: 'Exists', effect: 'NoExecute' }), node: node('n1').taint('a', 'NoSchedule'), code: Code.UnschedulableAndUnresolvable, reason: 'node(s) had untolerated taint {a: }' },
  ];
  for (const c of cases) {
    const s = filterOn(new TaintToleration(), c.pod.obj(), c.node.obj());
    assert.equal(s.code, c.code, c.name);
    if (c.reason) assert.deepEqual(s.reasons, [c.reason], c.name);
  }
});

test('TaintToleration score prefers fewer untolerated PreferNoSchedule taints', () => {
  const nodes = [node('clean'), node('one').taint('a', 'PreferNoSchedule'), node('two').taint('a', 'PreferNoSchedule').taint('b', 'PreferNoSchedule'), node('hard').taint('c', 'NoSchedule')];
  const cases = [
    { name: 'no tolerations', pod: pod('p'), want: [100, 50, 0, 100] },
    { name: 'tolerates a', pod: pod('p').toleration({ key: 'a', operator: 'Exists', effect: 'PreferNoSchedule' }), want: [100, 100, 0, 100] },
    { name: 'NoSchedule toleration does not count', pod: pod('p').toleration({ key: 'a', operator: 'Exists', effect: 'NoSchedule' }), want: [100, 50, 0, 100] },
  ];
  for (const c of cases) assert.deepEqual(scoresFor(new TaintToleration(), c.pod.obj(), nodes.map((n) => n.obj())), c.want, c.name);
});
