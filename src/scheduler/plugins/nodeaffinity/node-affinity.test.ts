import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Code } from '../../framework/status.ts';
import { node, pod } from '../../testing/builders.ts';
import { filterOn, scoresFor } from '../../testing/run-plugin.ts';
import { NodeAffinity, REASON_AFFINITY } from './node-affinity.ts';

test('NodeAffinity filter', () => {
  const n = node('n1').labels({ zone: 'a', disk: 'ssd', cores: '8' });
  const cases = [
    { name: 'no constraints', pod: pod('p'), ok: true },
    { name: 'nodeSelector match', pod: pod('p').nodeSelector({ zone: 'a' }), ok: true },
    { name: 'nodeSelector mismatch', pod: pod('p').nodeSelector({ zone: 'b' }), ok: false },
    { name: 'In', pod: pod('p').required({ expr: [{ key: 'zone', operator: 'In', values: ['a', 'b'] }] }), ok: true },
    { name: 'NotIn', pod: pod('p').required({ expr: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }), ok: false },
    { name: 'NotIn on missing label', pod: pod('p').required({ expr: [{ key: 'gpu', operator: 'NotIn', values: ['x'] }] }), ok: true },
    { name: 'Exists', pod: pod('p').required({ expr: [{ key: 'disk', operator: 'Exists' }] }), ok: true },
    { name: 'DoesNotExist', pod: pod('p').required({ expr: [{ key: 'disk', operator: 'DoesNotExist' }] }), ok: false },
    { name: 'Gt true', pod: pod('p').required({ expr: [{ key: 'cores', operator: 'Gt', values: ['4'] }] }), ok: true },
    { name: 'Gt false', pod: pod('p').required({ expr: [{ key: 'cores', operator: 'Gt', values: ['8'] }] }), ok: false },
    { name: 'Lt true', pod: pod('p').required({ expr: [{ key: 'cores', operator: 'Lt', values: ['16'] }] }), ok: true },
    { name: 'Gt on non-integer', pod: pod('p').required({ expr: [{ key: 'zone', operator: 'Gt', values: ['1'] }] }), ok: false },
    { name: 'terms are ORed', pod: pod('p').required({ expr: [{ key: 'zone', operator: 'In', values: ['b'] }] }, { expr: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }), ok: true },
    { name: 'expressions are ANDed', pod: pod('p').required({ expr: [{ key: 'zone', operator: 'In', values: ['a'] }, { key: 'disk', operator: 'In', values: ['hdd'] }] }), ok: false },
    { name: 'empty term matches nothing', pod: pod('p').required({}), ok: false },
    { name: 'matchFields metadata.name In', pod: pod('p').required({ fields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }), ok: true },
    { name: 'matchFields metadata.name NotIn', pod: pod('p').required({ fields: [{ key: 'metadata.name', operator: 'NotIn', values: ['n1'] }] }), ok: false },
    { name: 'nodeSelector and affinity must both hold', pod: pod('p').nodeSelector({ zone: 'b' }).required({ expr: [{ key: 'zone', operator: 'Exists' }] }), ok: false },
  ];
  for (const c of cases) {
    const s = filterOn(new NodeAffinity(), c.pod.obj(), n.obj());
    assert.equal(s.code, c.ok ? Code.Success : Code.UnschedulableAndUnresolvable, c.name);
    if (!c.ok) assert.deepEqual(s.reasons, [REASON_AFFINITY]);
  }
});

test('NodeAffinity score sums preferred weights, normalized', () => {
  const nodes = [node('a').labels({ zone: 'a' }), node('b').labels({ zone: 'b', disk: 'ssd' }), node('c')];
  const p = pod('p').preferred(
    { weight: 10, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } },
    { weight: 20, preference: { matchExpressions: [{ key: 'disk', operator: 'Exists' }] } },
    { weight: 5, preference: { matchExpressions: [{ key: 'zone', operator: 'Exists' }] } },
  );
  assert.deepEqual(scoresFor(new NodeAffinity(), p.obj(), nodes.map((n) => n.obj())), [60, 100, 0]);
  assert.deepEqual(scoresFor(new NodeAffinity(), pod('q').obj(), nodes.map((n) => n.obj())), [0, 0, 0], 'no preferences: skipped');
});
