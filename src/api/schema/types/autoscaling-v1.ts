// Generated data: field facts (JSON name, schema, protobuf number, patch and list metadata) of the
// Kubernetes API types, as declared upstream in generated.proto and types.go. Regenerate, don't edit.
import type { TypeDef } from '../types.ts';
import { def, f, ref, list, str, int32, int64, time, autoscalingV1, metaV1 } from './dsl.ts';

export const types: TypeDef[] = [
  def(autoscalingV1, 'Scale', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ObjectMeta'), 1),
    spec: f(ref(autoscalingV1, 'ScaleSpec'), 2),
    status: f(ref(autoscalingV1, 'ScaleStatus'), 3),
  }),
  def(autoscalingV1, 'HorizontalPodAutoscaler', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ObjectMeta'), 1),
    spec: f(ref(autoscalingV1, 'HorizontalPodAutoscalerSpec'), 2, { required: true }),
    status: f(ref(autoscalingV1, 'HorizontalPodAutoscalerStatus'), 3),
  }),
  def(autoscalingV1, 'HorizontalPodAutoscalerList', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ListMeta'), 1),
    items: f(list(ref(autoscalingV1, 'HorizontalPodAutoscaler')), 2, { required: true }),
  }),
  def(autoscalingV1, 'ScaleSpec', {
    replicas: f(int32, 1),
  }),
  def(autoscalingV1, 'ScaleStatus', {
    replicas: f(int32, 1, { required: true }),
    selector: f(str, 2),
  }),
  def(autoscalingV1, 'HorizontalPodAutoscalerSpec', {
    scaleTargetRef: f(ref(autoscalingV1, 'CrossVersionObjectReference'), 1, { required: true }),
    minReplicas: f(int32, 2, { pointer: true }),
    maxReplicas: f(int32, 3, { required: true }),
    targetCPUUtilizationPercentage: f(int32, 4, { pointer: true }),
  }),
  def(autoscalingV1, 'HorizontalPodAutoscalerStatus', {
    observedGeneration: f(int64, 1, { pointer: true }),
    lastScaleTime: f(time, 2, { pointer: true }),
    currentReplicas: f(int32, 3, { required: true }),
    desiredReplicas: f(int32, 4, { required: true }),
    currentCPUUtilizationPercentage: f(int32, 5, { pointer: true }),
  }),
  def(autoscalingV1, 'CrossVersionObjectReference', {
    kind: f(str, 1, { required: true }),
    name: f(str, 2, { required: true }),
    apiVersion: f(str, 3),
  }),
];
