import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { manage, rollingUpdate, scaledValue } from './plan.ts';
import { daemonPod, daemonSet, node } from './testing.ts';

const NOW = Date.UTC(2024, 0, 2);
const group = (...pods: Pod[]) => {
  const m = new Map<string, Pod[]>();
  for (const p of pods) m.set(p.spec!.nodeName ?? p.spec!.affinity!.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution!.nodeSelectorTerms[0]!.matchFields![0]!.values![0]!, [...(m.get(p.spec!.nodeName!) ?? []), p]);
  return m;
};
const names = (pods: Pod[]) => pods.map((p) => `${p.spec!.nodeName}/${p.metadata!.labels!['controller-revision-hash']}`);

describe('manage', () => {
  it('creates on nodes without a pod, deletes extras (keeping the oldest), failed and misplaced pods', () => {
    const nodes = [node('a'), node('b'), node('c', { labels: {} }), node('gpu', { taints: [{ key: 'gpu', effect: 'NoExecute' }] })];
    const old = daemonPod('b', 'h', { created: 1 });
    const young = daemonPod('b', 'h', { created: 2 });
    const failed = daemonPod('c', 'h', { phase: 'Failed' });
    const evicted = daemonPod('gpu', 'h');
    const changes = manage(daemonSet(), nodes, group(old, young, failed, evicted), 'h', 0);
    assert.deepEqual(changes.create, ['a']);
    assert.deepEqual(changes.delete, [young, failed, evicted]);
  });

  it('deletes unbound pods pinned to vanished nodes', () => {
    const orphan = daemonPod('gone', 'h', { bound: false });
    assert.deepEqual(manage(daemonSet(), [], new Map([['gone', [orphan]]]), 'h', 0).delete, [orphan]);
  });

  it('with surge keeps one new and one old pod per node', () => {
    const oldPod = daemonPod('a', 'old', { created: 1 });
    const newPod = daemonPod('a', 'new', { created: 2 });
    const extra = daemonPod('a', 'new', { created: 3 });
    assert.deepEqual(manage(daemonSet(), [node('a')], group(oldPod, newPod, extra), 'new', 1).delete, [extra]);
  });
});

describe('rollingUpdate', () => {
  const nodes = ['a', 'b', 'c', 'd'].map((n) => node(n));
  it('replaces at most maxUnavailable available old pods, and unavailable old pods at once', () => {
    const pods = [daemonPod('a', 'old'), daemonPod('b', 'old'), daemonPod('c', 'old', { ready: false }), daemonPod('d', 'old')];
    const changes = rollingUpdate(daemonSet({ maxUnavailable: 2 }), nodes, group(...pods), 'new', NOW);
    assert.deepEqual(names(changes.delete), ['c/old', 'a/old', 'b/old']);
  });

  it('counts new pods that are not yet available against maxUnavailable', () => {
    const pods = [daemonPod('a', 'new', { ready: false }), daemonPod('b', 'old'), daemonPod('c', 'old'), daemonPod('d', 'old')];
    assert.deepEqual(rollingUpdate(daemonSet(), nodes, group(...pods), 'new', NOW).delete, []);
  });

  it('with maxSurge creates new pods beside old ones, then deletes the old once the new are available', () => {
    const pods = [daemonPod('a', 'old'), daemonPod('a', 'new'), daemonPod('b', 'old'), daemonPod('b', 'new', { ready: false }), daemonPod('c', 'old'), daemonPod('d', 'old')];
    const changes = rollingUpdate(daemonSet({ maxSurge: 2, maxUnavailable: 0 }), nodes, group(...pods), 'new', NOW);
    assert.deepEqual(names(changes.delete), ['a/old']);
    assert.deepEqual(changes.create, ['c']);
  });

  it('scales percentages up', () => {
    assert.equal(scaledValue('25%', 10, 1), 3);
    assert.equal(scaledValue(undefined, 10, 1), 1);
  });
});
