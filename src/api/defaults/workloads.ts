// apps/v1 and batch/v1 defaults (upstream pkg/apis/apps/v1/defaults.go and batch/v1/defaults.go).

import { defaultPodTemplateSpec } from './pod.ts';
import { ensure, setDefault } from './util.ts';

type Obj = Record<string, any>;

/** batch/v1 copies the template's labels to an unlabelled Job (apps/v1 kinds do not). */
function labelsFromTemplate(obj: Obj, spec: Obj): void {
  const templateLabels = spec.template?.metadata?.labels;
  const meta = ensure(obj, 'metadata');
  if (templateLabels && Object.keys(meta.labels ?? {}).length === 0) meta.labels = { ...templateLabels };
}

export function defaultDeployment(obj: Obj): void {
  const spec = ensure(obj, 'spec');
  setDefault(spec, 'replicas', 1);
  const strategy = ensure(spec, 'strategy');
  setDefault(strategy, 'type', 'RollingUpdate');
  if (strategy.type === 'RollingUpdate') {
    const ru = ensure(strategy, 'rollingUpdate');
    setDefault(ru, 'maxUnavailable', '25%');
    setDefault(ru, 'maxSurge', '25%');
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  defaultPodTemplateSpec(spec.template);
}

export function defaultReplicaSet(obj: Obj): void {
  const spec = ensure(obj, 'spec');
  setDefault(spec, 'replicas', 1);
  defaultPodTemplateSpec(spec.template);
}

export function defaultStatefulSet(obj: Obj): void {
  const spec = ensure(obj, 'spec');
  setDefault(spec, 'replicas', 1);
  setDefault(spec, 'podManagementPolicy', 'OrderedReady');
  const us = ensure(spec, 'updateStrategy');
  setDefault(us, 'type', 'RollingUpdate');
  if (us.type === 'RollingUpdate') setDefault(ensure(us, 'rollingUpdate'), 'partition', 0);
  setDefault(spec, 'revisionHistoryLimit', 10);
  const retention = ensure(spec, 'persistentVolumeClaimRetentionPolicy');
  setDefault(retention, 'whenDeleted', 'Retain');
  setDefault(retention, 'whenScaled', 'Retain');
  for (const pvc of spec.volumeClaimTemplates ?? []) setDefault(ensure(pvc, 'spec'), 'volumeMode', 'Filesystem');
  defaultPodTemplateSpec(spec.template);
}

export function defaultDaemonSet(obj: Obj): void {
  const spec = ensure(obj, 'spec');
  const us = ensure(spec, 'updateStrategy');
  setDefault(us, 'type', 'RollingUpdate');
  if (us.type === 'RollingUpdate') {
    const ru = ensure(us, 'rollingUpdate');
    setDefault(ru, 'maxUnavailable', 1);
    setDefault(ru, 'maxSurge', 0);
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplateSpec(spec.template);
}

export function defaultJob(obj: Obj): void {
  const spec = ensure(obj, 'spec');
  // Both unset means one pod that must succeed once; parallelism alone leaves completions open.
  if (spec.completions == null && spec.parallelism == null) spec.completions = 1;
  setDefault(spec, 'parallelism', 1);
  setDefault(spec, 'backoffLimit', spec.backoffLimitPerIndex != null ? 2147483647 : 6);
  setDefault(spec, 'completionMode', 'NonIndexed');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'podReplacementPolicy', spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed');
  labelsFromTemplate(obj, spec);
  if (spec.manualSelector !== true) generateJobSelector(obj, spec);
  // Upstream stores the Job before its selector labels exist and defaults again when reading it back,
  // so a Job created without labels ends up with the generated ones; a second pass gives the same.
  labelsFromTemplate(obj, spec);
  defaultPodTemplateSpec(spec.template);
}

/**
 * What upstream's Job REST strategy does on create unless spec.manualSelector: label the pod template
 * with the Job's name and UID (current and legacy keys) and select on the UID, so no two Jobs ever
 * share pods. It needs the UID, which kites assigns before defaulting (upstream does it in Validate).
 * Keys the user already set are left alone; a conflicting value then fails selector validation.
 */
export function generateJobSelector(obj: Obj, spec: Obj): void {
  const uid = obj.metadata?.uid;
  if (!uid) return;
  const templateLabels = ensure(ensure(ensure(spec, 'template'), 'metadata'), 'labels');
  for (const key of ['job-name', 'batch.kubernetes.io/job-name']) setDefault(templateLabels, key, obj.metadata.name);
  for (const key of ['controller-uid', 'batch.kubernetes.io/controller-uid']) setDefault(templateLabels, key, uid);
  const matchLabels = ensure(ensure(spec, 'selector'), 'matchLabels');
  setDefault(matchLabels, 'batch.kubernetes.io/controller-uid', uid);
}

export function defaultCronJob(obj: Obj): void {
  const spec = ensure(obj, 'spec');
  setDefault(spec, 'concurrencyPolicy', 'Allow');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'successfulJobsHistoryLimit', 3);
  setDefault(spec, 'failedJobsHistoryLimit', 1);
  defaultPodTemplateSpec(spec.jobTemplate?.spec?.template);
}
