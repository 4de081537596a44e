import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Taint, Toleration } from 'kubernetes-types/core/v1.d.ts';
import { conditionTaints, reconcileTaints, tolerates, tolerationWindowMs } from './taints.ts';

const unreachable: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };

describe('tolerates', () => {
  const cases: [string, Toleration, Taint, boolean][] = [
    ['Exists on the key', { key: unreachable.key, operator: 'Exists' }, unreachable, true],
    ['empty key Exists matches all', { operator: 'Exists' }, unreachable, true],
    ['other effect', { key: unreachable.key, operator: 'Exists', effect: 'NoSchedule' }, unreachable, false],
    ['Equal with value', { key: 'k', value: 'v', effect: 'NoSchedule' }, { key: 'k', value: 'v', effect: 'NoSchedule' }, true],
    ['Equal with another value', { key: 'k', value: 'w' }, { key: 'k', value: 'v', effect: 'NoSchedule' }, false],
    ['other key', { key: 'x', operator: 'Exists' }, unreachable, false],
  ];
  for (const [name, toleration, taint, want] of cases) it(name, () => assert.equal(tolerates(toleration, taint), want));
});

describe('tolerationWindowMs', () => {
  const cases: [string, Toleration[], number][] = [
    ['not tolerated: now', [], 0],
    ['tolerated forever', [{ key: unreachable.key, operator: 'Exists', effect: 'NoExecute' }], Infinity],
    ['shortest seconds win', [{ operator: 'Exists', tolerationSeconds: 30 }, { key: unreachable.key, operator: 'Exists', tolerationSeconds: 300 }], 30_000],
  ];
  for (const [name, tolerations, want] of cases) it(name, () => assert.equal(tolerationWindowMs([unreachable], tolerations), want));
});

describe('condition taints', () => {
  const node = (ready: string, extra: Partial<Node['spec']> = {}): Node => ({ metadata: { name: 'n' }, spec: extra, status: { conditions: [{ type: 'Ready', status: ready }, { type: 'MemoryPressure', status: 'True' }] } });
  const keys = (ts: Taint[] | undefined) => (ts ?? []).map((t) => `${t.key}:${t.effect}`);

  it('Unknown → unreachable, False → not-ready, pressure and unschedulable → NoSchedule', () => {
    assert.deepEqual(keys(conditionTaints(node('Unknown'), 'T')), ['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/memory-pressure:NoSchedule']);
    assert.deepEqual(keys(conditionTaints(node('False', { unschedulable: true }), 'T')), ['node.kubernetes.io/not-ready:NoSchedule', 'node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/memory-pressure:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule']);
  });

  it('replaces only controller-owned taints and keeps timeAdded of ones already there', () => {
    const current: Taint[] = [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }, { ...unreachable, timeAdded: 'EARLIER' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }];
    const next = reconcileTaints(current, [{ ...unreachable, timeAdded: 'NOW' }]);
    assert.deepEqual(next, [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }, { ...unreachable, timeAdded: 'EARLIER' }]);
    assert.equal(reconcileTaints(next!, [unreachable]), undefined);
  });
});
