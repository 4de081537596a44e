import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Toleration } from 'kubernetes-types/core/v1.d.ts';
import { builtinRegistry } from '../api/schema/registry.ts';
import { addDefaultTolerations, admitServiceAccount, defaultAdmissionSettings } from './admission.ts';
import type { KubeObject } from './objects/codec.ts';

const pods = builtinRegistry().resource('', 'v1', 'pods')!;
const notReady = (s: number): Toleration => ({ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: s });
const unreachable = (s: number): Toleration => ({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: s });

describe('DefaultTolerationSeconds admission', () => {
  const cases: [string, Toleration[] | undefined, Toleration[]][] = [
    ['adds both to a pod without tolerations', undefined, [notReady(300), unreachable(300)]],
    ['keeps a pod own not-ready toleration', [notReady(5)], [notReady(5), unreachable(300)]],
    ['an empty-key Exists toleration covers both', [{ operator: 'Exists' }], [{ operator: 'Exists' }]],
    ['a NoSchedule toleration does not count', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }], [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoSchedule' }, notReady(300), unreachable(300)]],
  ];
  for (const [name, given, want] of cases) {
    it(name, () => {
      const pod = { metadata: { name: 'p' }, spec: { containers: [], ...(given ? { tolerations: structuredClone(given) } : {}) } } as unknown as KubeObject;
      addDefaultTolerations(pods, pod, defaultAdmissionSettings);
      assert.deepEqual((pod as unknown as { spec: { tolerations: Toleration[] } }).spec.tolerations, want);
    });
  }

  it('uses the configured seconds and leaves other kinds alone', () => {
    const pod = { metadata: { name: 'p' }, spec: { containers: [] } } as unknown as KubeObject;
    addDefaultTolerations(pods, pod, { defaultNotReadyTolerationSeconds: 3, defaultUnreachableTolerationSeconds: 4 });
    assert.deepEqual((pod as unknown as { spec: { tolerations: Toleration[] } }).spec.tolerations, [notReady(3), unreachable(4)]);
    const rs = { metadata: { name: 'r' }, spec: {} } as unknown as KubeObject;
    addDefaultTolerations(builtinRegistry().resource('apps', 'v1', 'replicasets')!, rs, defaultAdmissionSettings);
    assert.deepEqual(rs.spec, {});
  });
});

describe('ServiceAccount admission', () => {
  const cases: [string, Record<string, unknown>, Record<string, string>, Record<string, string>?][] = [
    ['defaults to "default"', {}, { serviceAccountName: 'default', serviceAccount: 'default' }],
    ['keeps a named account', { serviceAccountName: 'robot' }, { serviceAccountName: 'robot', serviceAccount: 'robot' }],
    ['takes the deprecated field', { serviceAccount: 'legacy' }, { serviceAccountName: 'legacy', serviceAccount: 'legacy' }],
    ['leaves mirror pods alone', {}, {}, { 'kubernetes.io/config.mirror': 'x' }],
  ];
  for (const [name, given, want, annotations] of cases) {
    it(name, () => {
      const pod = { metadata: { name: 'p', ...(annotations ? { annotations } : {}) }, spec: { containers: [], ...given } } as unknown as KubeObject;
      admitServiceAccount(pods, pod);
      const spec = pod.spec as Record<string, unknown>;
      assert.deepEqual({ serviceAccountName: spec.serviceAccountName, serviceAccount: spec.serviceAccount }, { serviceAccountName: undefined, serviceAccount: undefined, ...want });
    });
  }
});
