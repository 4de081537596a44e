import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pod } from '../../testing/builders.ts';
import { PrioritySort } from './priority-sort.ts';

test('PrioritySort: higher priority first, then earlier queue time', () => {
  const s = new PrioritySort();
  const cases = [
    { name: 'higher priority wins', a: { pod: pod('a').priority(10).obj(), timestamp: 2 }, b: { pod: pod('b').priority(1).obj(), timestamp: 1 }, less: true },
    { name: 'lower priority loses', a: { pod: pod('a').obj(), timestamp: 1 }, b: { pod: pod('b').priority(5).obj(), timestamp: 2 }, less: false },
    { name: 'equal priority: earlier first', a: { pod: pod('a').obj(), timestamp: 1 }, b: { pod: pod('b').obj(), timestamp: 2 }, less: true },
    { name: 'equal everything: not less', a: { pod: pod('a').obj(), timestamp: 1 }, b: { pod: pod('b').obj(), timestamp: 1 }, less: false },
  ];
  for (const c of cases) assert.equal(s.less(c.a, c.b), c.less, c.name);
});
