import { test } from 'node:test';
import assert from 'node:assert/strict';
import { node, pod } from '../../testing/builders.ts';
import { scoresFor } from '../../testing/run-plugin.ts';
import { BalancedAllocation } from './balanced-allocation.ts';

test('NodeResourcesBalancedAllocation', () => {
  const nodes = () => [node('empty').cap({ cpu: '4', memory: '8Gi' }).obj(), node('busy').cap({ cpu: '4', memory: '8Gi' }).obj()];
  const existing = [pod('e').req({ cpu: '1', memory: '3Gi' }).node('busy').obj()];
  const cases = [
    // empty: cpu 1/4 = .25, memory 1/8 = .125 → std .0625 → 93; busy: 2/4 and 4/8 → 100.
    { name: 'prefers the node where usage stays even', pod: pod('p').req({ cpu: '1', memory: '1Gi' }), want: [93, 100] },
    { name: 'no requests: skipped', pod: pod('p').container({}), want: [0, 0] },
    // Fractions cap at 1. empty: cpu 1, memory .125 → std .4375 → 56; busy: cpu 1, memory .5 → 75.
    { name: 'over-committed resource counts as full', pod: pod('p').req({ cpu: '8', memory: '1Gi' }), want: [56, 75] },
  ];
  for (const c of cases) assert.deepEqual(scoresFor(new BalancedAllocation(), c.pod.obj(), nodes(), existing), c.want, c.name);
});
