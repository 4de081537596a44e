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
  defaultPodTemplateSpec(spec.template);
}

export function defaultCronJob(obj: Obj): void {
  const spec = ensure(obj, 'spec');
  setDefault(spec, 'concurrencyPolicy', 'Allow');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'successfulJobsHistoryLimit', 3);
  setDefault(spec, 'failedJobsHistoryLimit', 1);
  defaultPodTemplateSpec(spec.jobTemplate?.spec?.template);
}
