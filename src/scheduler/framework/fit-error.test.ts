import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitErrorMessage, newDiagnosis } from './fit-error.ts';
import { unresolvable, unschedulable } from './status.ts';

test('fit error message: sorted reason histogram, PreFilter and PostFilter messages as upstream', () => {
  const taint = 'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';
  const histogram = newDiagnosis();
  histogram.nodeToStatus.set('cp', unresolvable(taint));
  histogram.nodeToStatus.set('w1', unschedulable('Insufficient cpu'));
  histogram.nodeToStatus.set('w2', unschedulable('Insufficient cpu'));
  const withPost = { ...histogram, postFilterMsg: 'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.' };
  const multi = newDiagnosis();
  multi.nodeToStatus.set('a', unschedulable('Insufficient memory', 'Insufficient cpu'));
  multi.nodeToStatus.set('b', unschedulable('Too many pods'));
  const pre = { ...newDiagnosis(), preFilterMsg: "node(s) didn't match pod anti-affinity rules" };
  pre.nodeToStatus.set('a', unresolvable('ignored'));
  const cases = [
    { name: 'histogram', n: 3, d: histogram, want: `0/3 nodes are available: 1 ${taint}, 2 Insufficient cpu.` },
    {
      name: 'with preemption message',
      n: 3,
      d: withPost,
      want: `0/3 nodes are available: 1 ${taint}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.`,
    },
    { name: 'every reason of a node counts', n: 2, d: multi, want: '0/2 nodes are available: 1 Insufficient cpu, 1 Insufficient memory, 1 Too many pods.' },
    { name: 'PreFilter message replaces the histogram', n: 1, d: pre, want: "0/1 nodes are available: node(s) didn't match pod anti-affinity rules." },
    { name: 'no nodes', n: 0, d: newDiagnosis(), want: '0/0 nodes are available:' },
  ];
  for (const c of cases) assert.equal(fitErrorMessage(c.n, c.d), c.want, c.name);
});
