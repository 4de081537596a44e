// Generated data: field facts (JSON name, schema, protobuf number, patch and list metadata) of the
// Kubernetes API types, as declared upstream in generated.proto and types.go. Regenerate, don't edit.
import type { TypeDef } from '../types.ts';
import { def, f, ref, list, str, int32, int64, bool, time, batchV1, coreV1, metaV1 } from './dsl.ts';

export const types: TypeDef[] = [
  def(batchV1, 'Job', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ObjectMeta'), 1),
    spec: f(ref(batchV1, 'JobSpec'), 2),
    status: f(ref(batchV1, 'JobStatus'), 3),
  }),
  def(batchV1, 'JobList', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ListMeta'), 1),
    items: f(list(ref(batchV1, 'Job')), 2, { required: true }),
  }),
  def(batchV1, 'CronJob', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ObjectMeta'), 1),
    spec: f(ref(batchV1, 'CronJobSpec'), 2, { required: true }),
    status: f(ref(batchV1, 'CronJobStatus'), 3),
  }),
  def(batchV1, 'CronJobList', {
    apiVersion: f(str),
    kind: f(str),
    metadata: f(ref(metaV1, 'ListMeta'), 1),
    items: f(list(ref(batchV1, 'CronJob')), 2, { required: true }),
  }),
  def(batchV1, 'JobSpec', {
    parallelism: f(int32, 1, { pointer: true }),
    completions: f(int32, 2, { pointer: true }),
    activeDeadlineSeconds: f(int64, 3, { pointer: true }),
    podFailurePolicy: f(ref(batchV1, 'PodFailurePolicy'), 11, { pointer: true }),
    successPolicy: f(ref(batchV1, 'SuccessPolicy'), 16, { pointer: true }),
    backoffLimit: f(int32, 7, { pointer: true }),
    backoffLimitPerIndex: f(int32, 12, { pointer: true }),
    maxFailedIndexes: f(int32, 13, { pointer: true }),
    selector: f(ref(metaV1, 'LabelSelector'), 4, { pointer: true }),
    manualSelector: f(bool, 5, { pointer: true }),
    template: f(ref(coreV1, 'PodTemplateSpec'), 6, { required: true }),
    ttlSecondsAfterFinished: f(int32, 8, { pointer: true }),
    completionMode: f(str, 9, { pointer: true }),
    suspend: f(bool, 10, { pointer: true }),
    podReplacementPolicy: f(str, 14, { pointer: true }),
    managedBy: f(str, 15, { pointer: true }),
  }),
  def(batchV1, 'JobStatus', {
    conditions: f(list(ref(batchV1, 'JobCondition'), { listType: 'atomic' }), 1, { patchStrategy: 'merge', patchMergeKey: 'type' }),
    startTime: f(time, 2, { pointer: true }),
    completionTime: f(time, 3, { pointer: true }),
    active: f(int32, 4),
    succeeded: f(int32, 5),
    failed: f(int32, 6),
    terminating: f(int32, 11, { pointer: true }),
    completedIndexes: f(str, 7),
    failedIndexes: f(str, 10, { pointer: true }),
    uncountedTerminatedPods: f(ref(batchV1, 'UncountedTerminatedPods'), 8, { pointer: true }),
    ready: f(int32, 9, { pointer: true }),
  }),
  def(batchV1, 'CronJobSpec', {
    schedule: f(str, 1, { required: true }),
    timeZone: f(str, 8, { pointer: true }),
    startingDeadlineSeconds: f(int64, 2, { pointer: true }),
    concurrencyPolicy: f(str, 3),
    suspend: f(bool, 4, { pointer: true }),
    jobTemplate: f(ref(batchV1, 'JobTemplateSpec'), 5, { required: true }),
    successfulJobsHistoryLimit: f(int32, 6, { pointer: true }),
    failedJobsHistoryLimit: f(int32, 7, { pointer: true }),
  }),
  def(batchV1, 'CronJobStatus', {
    active: f(list(ref(coreV1, 'ObjectReference'), { listType: 'atomic' }), 1),
    lastScheduleTime: f(time, 4, { pointer: true }),
    lastSuccessfulTime: f(time, 5, { pointer: true }),
  }),
  def(batchV1, 'PodFailurePolicy', {
    rules: f(list(ref(batchV1, 'PodFailurePolicyRule'), { listType: 'atomic' }), 1, { required: true }),
  }),
  def(batchV1, 'SuccessPolicy', {
    rules: f(list(ref(batchV1, 'SuccessPolicyRule'), { listType: 'atomic' }), 1, { required: true }),
  }),
  def(batchV1, 'JobCondition', {
    type: f(str, 1, { required: true }),
    status: f(str, 2, { required: true }),
    lastProbeTime: f(time, 3),
    lastTransitionTime: f(time, 4),
    reason: f(str, 5),
    message: f(str, 6),
  }),
  def(batchV1, 'UncountedTerminatedPods', {
    succeeded: f(list(str, { listType: 'set' }), 1),
    failed: f(list(str, { listType: 'set' }), 2),
  }),
  def(batchV1, 'JobTemplateSpec', {
    metadata: f(ref(metaV1, 'ObjectMeta'), 1),
    spec: f(ref(batchV1, 'JobSpec'), 2),
  }),
  def(batchV1, 'PodFailurePolicyRule', {
    action: f(str, 1, { required: true }),
    onExitCodes: f(ref(batchV1, 'PodFailurePolicyOnExitCodesRequirement'), 2, { pointer: true }),
    onPodConditions: f(list(ref(batchV1, 'PodFailurePolicyOnPodConditionsPattern'), { listType: 'atomic' }), 3),
  }),
  def(batchV1, 'SuccessPolicyRule', {
    succeededIndexes: f(str, 1, { pointer: true }),
    succeededCount: f(int32, 2, { pointer: true }),
  }),
  def(batchV1, 'PodFailurePolicyOnExitCodesRequirement', {
    containerName: f(str, 1, { pointer: true }),
    operator: f(str, 2, { required: true }),
    values: f(list(int32, { listType: 'set' }), 3, { required: true }),
  }),
  def(batchV1, 'PodFailurePolicyOnPodConditionsPattern', {
    type: f(str, 1, { required: true }),
    status: f(str, 2),
  }),
];
