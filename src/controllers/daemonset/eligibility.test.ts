import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from 'kubernetes-types/core/v1.d.ts';
import type { DaemonSet } from 'kubernetes-types/apps/v1.d.ts';
import { daemonPodTolerations, nodeShouldRunDaemonPod } from './eligibility.ts';
import { newDaemonPod, pinToNode, targetNode } from './pods.ts';
import { daemonSet, node } from './testing.ts';

const withAffinity = (ds: DaemonSet, key: string, operator: string, values?: string[]): DaemonSet => {
  const copy = structuredClone(ds);
  copy.spec!.template.spec!.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key, operator, ...(values ? { values } : {}) }] }] } } };
  return copy;
};

describe('nodeShouldRunDaemonPod', () => {
  const cases: [string, Node, DaemonSet, boolean, boolean][] = [
    ['a plain node', node('n'), daemonSet(), true, true],
    ['nodeSelector matches', node('n', { labels: { disk: 'ssd' } }), daemonSet({ nodeSelector: { disk: 'ssd' } }), true, true],
    ['nodeSelector does not match', node('n'), daemonSet({ nodeSelector: { disk: 'ssd' } }), false, false],
    ['affinity In', node('n', { labels: { zone: 'a' } }), withAffinity(daemonSet(), 'zone', 'In', ['a', 'b']), true, true],
    ['affinity DoesNotExist', node('n', { labels: { zone: 'a' } }), withAffinity(daemonSet(), 'zone', 'DoesNotExist'), false, false],
    ['untolerated NoSchedule: stays, no new pod', node('n', { taints: [{ key: 'dedicated', effect: 'NoSchedule' }] }), daemonSet(), false, true],
    ['untolerated NoExecute: must leave', node('n', { taints: [{ key: 'dedicated', effect: 'NoExecute' }] }), daemonSet(), false, false],
    ['unreachable and unschedulable are tolerated automatically', node('n', { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] }), daemonSet(), true, true],
    ['network-unavailable only for hostNetwork', node('n', { taints: [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }] }), daemonSet(), false, true],
  ];
  for (const [name, n, ds, shouldRun, shouldContinueRunning] of cases) {
    it(name, () => assert.deepEqual(nodeShouldRunDaemonPod(n, ds), { shouldRun, shouldContinueRunning }));
  }
});

describe('daemon pods', () => {
  it('get the automatic tolerations, with network-unavailable for hostNetwork', () => {
    const keys = (hostNetwork: boolean) => daemonPodTolerations({ containers: [], hostNetwork }).map((t) => `${t.key}:${t.effect}`);
    assert.deepEqual(keys(false), [
      'node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule', 'node.kubernetes.io/pid-pressure:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule',
    ]);
    assert.ok(keys(true).includes('node.kubernetes.io/network-unavailable:NoSchedule'));
  });

  it('are pinned by node affinity on metadata.name, not spec.nodeName, and keep other terms', () => {
    const pod = newDaemonPod(daemonSet(), 'n1', 'h1', { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'uid-ds', controller: true, blockOwnerDeletion: true });
    assert.equal(pod.spec!.nodeName, undefined);
    assert.equal(targetNode(pod), 'n1');
    assert.deepEqual(pod.metadata!.labels, { app: 'agent', 'pod-template-generation': '1', 'controller-revision-hash': 'h1' });
    const pinned = pinToNode({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } } }, 'n2');
    assert.deepEqual(pinned.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution!.nodeSelectorTerms, [
      { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }], matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n2'] }] },
    ]);
  });
});
