// Generated data: field facts (JSON name, schema, protobuf number, patch and list metadata) of the
// Kubernetes API types, as declared upstream in generated.proto and types.go. Regenerate, don't edit.
import type { TypeDef } from '../types.ts';
import { def, f, ref, list, map, str, int32, int64, intOrString, time, metaV1, policyV1 } from './dsl.ts';

export const types: TypeDef[] = [
  def(policyV1, 'Eviction', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ObjectMeta'), 1),
    deleteOptions: f(ref(metaV1, 'DeleteOptions'), 2, { pointer: true }),
  }),
  def(policyV1, 'PodDisruptionBudget', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ObjectMeta'), 1),
    spec: f(ref(policyV1, 'PodDisruptionBudgetSpec'), 2),
    status: f(ref(policyV1, 'PodDisruptionBudgetStatus'), 3),
  }),
  def(policyV1, 'PodDisruptionBudgetList', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ListMeta'), 1),
    items: f(list(ref(policyV1, 'PodDisruptionBudget')), 2, { required: true }),
  }),
  def(policyV1, 'PodDisruptionBudgetSpec', {
    minAvailable: f(intOrString, 1, { pointer: true }),
    selector: f(ref(metaV1, 'LabelSelector'), 2, { patchStrategy: 'replace', pointer: true }),
    maxUnavailable: f(intOrString, 3, { pointer: true }),
    unhealthyPodEvictionPolicy: f(str, 4, { pointer: true }),
  }),
  def(policyV1, 'PodDisruptionBudgetStatus', {
    observedGeneration: f(int64, 1),
    disruptedPods: f(map(time), 2),
    disruptionsAllowed: f(int32, 3),
    currentHealthy: f(int32, 4),
    desiredHealthy: f(int32, 5),
    expectedPods: f(int32, 6),
    conditions: f(list(ref(metaV1, 'Condition'), { listType: 'map', listMapKeys: ['type'] }), 7, { patchStrategy: 'merge', patchMergeKey: 'type' }),
  }),
];
