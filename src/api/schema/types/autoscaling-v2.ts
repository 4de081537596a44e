// Generated data: field facts (JSON name, schema, protobuf number, patch and list metadata) of the
// Kubernetes API types, as declared upstream in generated.proto and types.go. Regenerate, don't edit.
import type { TypeDef } from '../types.ts';
import { def, f, ref, list, str, int32, int64, quantity, time, autoscalingV2, metaV1 } from './dsl.ts';

export const types: TypeDef[] = [
  def(autoscalingV2, 'HorizontalPodAutoscaler', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ObjectMeta'), 1),
    spec: f(ref(autoscalingV2, 'HorizontalPodAutoscalerSpec'), 2, { required: true }),
    status: f(ref(autoscalingV2, 'HorizontalPodAutoscalerStatus'), 3),
  }),
  def(autoscalingV2, 'HorizontalPodAutoscalerList', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ListMeta'), 1),
    items: f(list(ref(autoscalingV2, 'HorizontalPodAutoscaler')), 2, { required: true }),
  }),
  def(autoscalingV2, 'HorizontalPodAutoscalerSpec', {
    scaleTargetRef: f(ref(autoscalingV2, 'CrossVersionObjectReference'), 1, { required: true }),
    minReplicas: f(int32, 2, { pointer: true }),
    maxReplicas: f(int32, 3, { required: true }),
    metrics: f(list(ref(autoscalingV2, 'MetricSpec'), { listType: 'atomic' }), 4),
    behavior: f(ref(autoscalingV2, 'HorizontalPodAutoscalerBehavior'), 5, { pointer: true }),
  }),
  def(autoscalingV2, 'HorizontalPodAutoscalerStatus', {
    observedGeneration: f(int64, 1, { pointer: true }),
    lastScaleTime: f(time, 2, { pointer: true }),
    currentReplicas: f(int32, 3),
    desiredReplicas: f(int32, 4, { required: true }),
    currentMetrics: f(list(ref(autoscalingV2, 'MetricStatus'), { listType: 'atomic' }), 5),
    conditions: f(list(ref(autoscalingV2, 'HorizontalPodAutoscalerCondition'), { listType: 'map', listMapKeys: ['type'] }), 6, { patchStrategy: 'merge', patchMergeKey: 'type' }),
  }),
  def(autoscalingV2, 'CrossVersionObjectReference', {
    kind: f(str, 1, { required: true }),
    name: f(str, 2, { required: true }),
    apiVersion: f(str, 3),
  }),
  def(autoscalingV2, 'MetricSpec', {
    type: f(str, 1, { required: true }),
    object: f(ref(autoscalingV2, 'ObjectMetricSource'), 2, { pointer: true }),
    pods: f(ref(autoscalingV2, 'PodsMetricSource'), 3, { pointer: true }),
    resource: f(ref(autoscalingV2, 'ResourceMetricSource'), 4, { pointer: true }),
    containerResource: f(ref(autoscalingV2, 'ContainerResourceMetricSource'), 7, { pointer: true }),
    external: f(ref(autoscalingV2, 'ExternalMetricSource'), 5, { pointer: true }),
  }),
  def(autoscalingV2, 'HorizontalPodAutoscalerBehavior', {
    scaleUp: f(ref(autoscalingV2, 'HPAScalingRules'), 1, { pointer: true }),
    scaleDown: f(ref(autoscalingV2, 'HPAScalingRules'), 2, { pointer: true }),
  }),
  def(autoscalingV2, 'MetricStatus', {
    type: f(str, 1, { required: true }),
    object: f(ref(autoscalingV2, 'ObjectMetricStatus'), 2, { pointer: true }),
    pods: f(ref(autoscalingV2, 'PodsMetricStatus'), 3, { pointer: true }),
    resource: f(ref(autoscalingV2, 'ResourceMetricStatus'), 4, { pointer: true }),
    containerResource: f(ref(autoscalingV2, 'ContainerResourceMetricStatus'), 7, { pointer: true }),
    external: f(ref(autoscalingV2, 'ExternalMetricStatus'), 5, { pointer: true }),
  }),
  def(autoscalingV2, 'HorizontalPodAutoscalerCondition', {
    type: f(str, 1, { required: true }),
    status: f(str, 2, { required: true }),
    lastTransitionTime: f(time, 3),
    reason: f(str, 4),
    message: f(str, 5),
  }),
  def(autoscalingV2, 'ObjectMetricSource', {
    describedObject: f(ref(autoscalingV2, 'CrossVersionObjectReference'), 1, { required: true }),
    target: f(ref(autoscalingV2, 'MetricTarget'), 2, { required: true }),
    metric: f(ref(autoscalingV2, 'MetricIdentifier'), 3, { required: true }),
  }),
  def(autoscalingV2, 'PodsMetricSource', {
    metric: f(ref(autoscalingV2, 'MetricIdentifier'), 1, { required: true }),
    target: f(ref(autoscalingV2, 'MetricTarget'), 2, { required: true }),
  }),
  def(autoscalingV2, 'ResourceMetricSource', {
    name: f(str, 1, { required: true }),
    target: f(ref(autoscalingV2, 'MetricTarget'), 2, { required: true }),
  }),
  def(autoscalingV2, 'ContainerResourceMetricSource', {
    name: f(str, 1, { required: true }),
    target: f(ref(autoscalingV2, 'MetricTarget'), 2, { required: true }),
    container: f(str, 3, { required: true }),
  }),
  def(autoscalingV2, 'ExternalMetricSource', {
    metric: f(ref(autoscalingV2, 'MetricIdentifier'), 1, { required: true }),
    target: f(ref(autoscalingV2, 'MetricTarget'), 2, { required: true }),
  }),
  def(autoscalingV2, 'HPAScalingRules', {
    stabilizationWindowSeconds: f(int32, 3, { pointer: true }),
    selectPolicy: f(str, 1, { pointer: true }),
    policies: f(list(ref(autoscalingV2, 'HPAScalingPolicy'), { listType: 'atomic' }), 2),
    tolerance: f(quantity, 4, { pointer: true }),
  }),
  def(autoscalingV2, 'ObjectMetricStatus', {
    metric: f(ref(autoscalingV2, 'MetricIdentifier'), 1, { required: true }),
    current: f(ref(autoscalingV2, 'MetricValueStatus'), 2, { required: true }),
    describedObject: f(ref(autoscalingV2, 'CrossVersionObjectReference'), 3, { required: true }),
  }),
  def(autoscalingV2, 'PodsMetricStatus', {
    metric: f(ref(autoscalingV2, 'MetricIdentifier'), 1, { required: true }),
    current: f(ref(autoscalingV2, 'MetricValueStatus'), 2, { required: true }),
  }),
  def(autoscalingV2, 'ResourceMetricStatus', {
    name: f(str, 1, { required: true }),
    current: f(ref(autoscalingV2, 'MetricValueStatus'), 2, { required: true }),
  }),
  def(autoscalingV2, 'ContainerResourceMetricStatus', {
    name: f(str, 1, { required: true }),
    current: f(ref(autoscalingV2, 'MetricValueStatus'), 2, { required: true }),
    container: f(str, 3, { required: true }),
  }),
  def(autoscalingV2, 'ExternalMetricStatus', {
    metric: f(ref(autoscalingV2, 'MetricIdentifier'), 1, { required: true }),
    current: f(ref(autoscalingV2, 'MetricValueStatus'), 2, { required: true }),
  }),
  def(autoscalingV2, 'MetricTarget', {
    type: f(str, 1, { required: true }),
    value: f(quantity, 2, { pointer: true }),
    averageValue: f(quantity, 3, { pointer: true }),
    averageUtilization: f(int32, 4, { pointer: true }),
  }),
  def(autoscalingV2, 'MetricIdentifier', {
    name: f(str, 1, { required: true }),
    selector: f(ref(metaV1, 'LabelSelector'), 2, { pointer: true }),
  }),
  def(autoscalingV2, 'HPAScalingPolicy', {
    type: f(str, 1, { required: true }),
    value: f(int32, 2, { required: true }),
    periodSeconds: f(int32, 3, { required: true }),
  }),
  def(autoscalingV2, 'MetricValueStatus', {
    value: f(quantity, 1, { pointer: true }),
    averageValue: f(quantity, 2, { pointer: true }),
    averageUtilization: f(int32, 3, { pointer: true }),
  }),
];
