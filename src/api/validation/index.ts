// Entry point: validate(kind, obj, old?) runs metadata rules for every kind plus the spec rules of
// the kinds below. Kinds without spec rules (and custom resources) get metadata validation only.

import type { Cause } from './field.ts';
import { validateObjectMeta } from './objectmeta.ts';
import { validatePodSpec, validatePodTemplateSpec } from './pod.ts';
import { validateCronJob, validateDaemonSet, validateDeployment, validateJob, validateReplicaSet, validateStatefulSet } from './workloads.ts';
import { validateService } from './service.ts';
import { validateConfigMap, validateSecret } from './configdata.ts';

type SpecRule = (obj: any, old?: any) => Cause[];

const SPEC_RULES: Record<string, SpecRule> = {
  Pod: (o) => validatePodSpec(o.spec, 'spec'),
  PodTemplate: (o) => validatePodTemplateSpec(o.template, 'template'),
  Deployment: validateDeployment,
  ReplicaSet: validateReplicaSet,
  StatefulSet: validateStatefulSet,
  DaemonSet: validateDaemonSet,
  Job: validateJob,
  CronJob: validateCronJob,
  Service: validateService,
  ConfigMap: validateConfigMap,
  Secret: validateSecret,
};

export interface ValidateOptions {
  /**
   * The resource's scope from the schema registry. When given, a namespaced object must have a
   * namespace and a cluster-scoped one must not; when omitted only the namespace's format is checked.
   */
  namespaced?: boolean;
}

export function validate(kind: string, obj: any, old?: any, opts: ValidateOptions = {}): Cause[] {
  const meta = obj?.metadata ?? {};
  const namespaced = opts.namespaced ?? Boolean(meta.namespace);
  const causes = validateObjectMeta(meta, { namespaced, kind }, old?.metadata);
  const rule = SPEC_RULES[kind];
  return rule ? [...causes, ...rule(obj ?? {}, old)] : causes;
}

export * from './field.ts';
export * from './names.ts';
export { validateObjectMeta, validateLabels, validateAnnotations, nameValidatorFor, type NameValidator, type ObjectMetaOptions } from './objectmeta.ts';
export { validatePodSpec, validatePodTemplateSpec } from './pod.ts';
