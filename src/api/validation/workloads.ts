// apps/v1 and batch/v1 workload specs (upstream pkg/apis/apps/validation and batch/validation):
// a selector that exists and matches the template, non-negative counts, the restart policy the
// controller needs, and the fields that may not change after creation.

import type { LabelSelector } from 'kubernetes-types/meta/v1.d.ts';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.d.ts';
import { selectorFromObject } from '../selectors/labels.ts';
import { SelectorError } from '../selectors/errors.ts';
import { type Cause, forbidden, invalid, notSupported, required } from './field.ts';
import { validatePodTemplateSpec } from './pod.ts';

type Spec = Record<string, any>;

export const nonNegative = (field: string, v: unknown): Cause[] =>
  typeof v === 'number' && v < 0 ? [invalid(field, v, 'must be greater than or equal to 0')] : [];

/** Selector present, non-empty, parseable, and matching the template's labels. */
function validateSelectorAndTemplate(spec: Spec, what: string, restartPolicies: string[]): Cause[] {
  const causes: Cause[] = [];
  const sel = spec.selector as LabelSelector | undefined;
  if (!sel) causes.push(required('spec.selector'));
  else if (Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0) {
    causes.push(invalid('spec.selector', sel, `empty selector is invalid for ${what}`));
  }
  const template = spec.template as PodTemplateSpec | undefined;
  if (sel) {
    try {
      const selector = selectorFromObject(sel);
      if (!selector.isEmpty() && !selector.matches(template?.metadata?.labels)) {
        causes.push(invalid('spec.template.metadata.labels', template?.metadata?.labels ?? {}, '`selector` does not match template `labels`'));
      }
    } catch (e) {
      if (!(e instanceof SelectorError)) throw e;
      causes.push(invalid('spec.selector', sel, `invalid label selector: ${e.message}`));
    }
  }
  causes.push(...validatePodTemplateSpec(template, 'spec.template'));
  const rp = template?.spec?.restartPolicy;
  if (template && !restartPolicies.includes(rp ?? '')) causes.push(notSupported('spec.template.spec.restartPolicy', rp ?? '', restartPolicies));
  return causes;
}

function validateIntOrPercent(field: string, v: unknown): Cause[] {
  if (typeof v === 'number') return nonNegative(field, v);
  if (typeof v !== 'string') return [];
  if (!/^[0-9]+%$/.test(v)) {
    return [invalid(field, v, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")];
  }
  return parseInt(v, 10) > 100 ? [invalid(field, v, 'must not be greater than 100%')] : [];
}

const isZero = (v: unknown): boolean => v === 0 || v === '0%';

function validateDeploymentStrategy(strategy: Spec | undefined): Cause[] {
  if (!strategy) return [];
  const causes: Cause[] = [];
  const types = ['Recreate', 'RollingUpdate'];
  if (strategy.type && !types.includes(strategy.type)) causes.push(notSupported('spec.strategy.type', strategy.type, types));
  const ru = strategy.rollingUpdate;
  if (strategy.type === 'Recreate' && ru) causes.push(forbidden('spec.strategy.rollingUpdate', 'may not be specified when strategy `type` is \'Recreate\''));
  if (ru) {
    causes.push(...validateIntOrPercent('spec.strategy.rollingUpdate.maxUnavailable', ru.maxUnavailable));
    causes.push(...validateIntOrPercent('spec.strategy.rollingUpdate.maxSurge', ru.maxSurge));
    if (isZero(ru.maxUnavailable) && isZero(ru.maxSurge)) {
      causes.push(invalid('spec.strategy.rollingUpdate.maxUnavailable', ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
    }
  }
  return causes;
}

function immutableSelector(spec: Spec, old: Spec | undefined): Cause[] {
  if (!old || JSON.stringify(spec.selector) === JSON.stringify(old.selector)) return [];
  return [invalid('spec.selector', spec.selector, 'field is immutable')];
}

export function validateDeployment(obj: Spec, old?: Spec): Cause[] {
  const spec: Spec = obj.spec ?? {};
  const causes = [
    ...nonNegative('spec.replicas', spec.replicas),
    ...nonNegative('spec.minReadySeconds', spec.minReadySeconds),
    ...nonNegative('spec.revisionHistoryLimit', spec.revisionHistoryLimit),
    ...validateSelectorAndTemplate(spec, 'deployment', ['Always']),
    ...validateDeploymentStrategy(spec.strategy),
    ...immutableSelector(spec, old?.spec),
  ];
  const pds = spec.progressDeadlineSeconds;
  if (typeof pds === 'number' && pds <= (spec.minReadySeconds ?? 0)) {
    causes.push(invalid('spec.progressDeadlineSeconds', pds, 'must be greater than minReadySeconds'));
  }
  return causes;
}

export function validateReplicaSet(obj: Spec, old?: Spec): Cause[] {
  const spec: Spec = obj.spec ?? {};
  return [
    ...nonNegative('spec.replicas', spec.replicas),
    ...nonNegative('spec.minReadySeconds', spec.minReadySeconds),
    // Upstream's ReplicaSet message says "deployment" too.
    ...validateSelectorAndTemplate(spec, 'deployment', ['Always']),
    ...immutableSelector(spec, old?.spec),
  ];
}

export function validateDaemonSet(obj: Spec, old?: Spec): Cause[] {
  const spec: Spec = obj.spec ?? {};
  const causes = [...nonNegative('spec.minReadySeconds', spec.minReadySeconds), ...validateSelectorAndTemplate(spec, 'daemonset', ['Always']), ...immutableSelector(spec, old?.spec)];
  const types = ['OnDelete', 'RollingUpdate'];
  const t = spec.updateStrategy?.type;
  if (t && !types.includes(t)) causes.push(notSupported('spec.updateStrategy.type', t, types));
  return causes;
}

/** Fields of a StatefulSet spec that upstream lets an update change. */
const STATEFULSET_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds'];

export function validateStatefulSet(obj: Spec, old?: Spec): Cause[] {
  const spec: Spec = obj.spec ?? {};
  const causes = [...nonNegative('spec.replicas', spec.replicas), ...nonNegative('spec.minReadySeconds', spec.minReadySeconds), ...validateSelectorAndTemplate(spec, 'statefulset', ['Always'])];
  const policies = ['OrderedReady', 'Parallel'];
  if (spec.podManagementPolicy && !policies.includes(spec.podManagementPolicy)) causes.push(notSupported('spec.podManagementPolicy', spec.podManagementPolicy, policies));
  const types = ['OnDelete', 'RollingUpdate'];
  const t = spec.updateStrategy?.type;
  if (t && !types.includes(t)) causes.push(notSupported('spec.updateStrategy.type', t, types));
  if (old) {
    const frozen = (s: Spec | undefined) => JSON.stringify(Object.fromEntries(Object.entries(s ?? {}).filter(([k]) => !STATEFULSET_MUTABLE.includes(k)).sort()));
    if (frozen(spec) !== frozen(old.spec)) {
      causes.push(
        forbidden('spec', "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"),
      );
    }
  }
  return causes;
}

/** Job: the selector is generated by the server, so only the template and counts are checked here. */
export function validateJob(obj: Spec): Cause[] {
  return validateJobSpec(obj.spec ?? {}, 'spec');
}

function validateJobSpec(spec: Spec, field: string): Cause[] {
  const causes = [
    ...nonNegative(`${field}.parallelism`, spec.parallelism),
    ...nonNegative(`${field}.completions`, spec.completions),
    ...nonNegative(`${field}.backoffLimit`, spec.backoffLimit),
    ...validatePodTemplateSpec(spec.template, `${field}.template`),
  ];
  const rp = spec.template?.spec?.restartPolicy;
  const allowed = ['OnFailure', 'Never'];
  if (spec.template && !allowed.includes(rp)) causes.push(notSupported(`${field}.template.spec.restartPolicy`, rp ?? '', allowed));
  return causes;
}

export function validateCronJob(obj: Spec): Cause[] {
  const spec: Spec = obj.spec ?? {};
  const causes: Cause[] = [];
  if (!spec.schedule) causes.push(required('spec.schedule'));
  const policies = ['Allow', 'Forbid', 'Replace'];
  if (spec.concurrencyPolicy && !policies.includes(spec.concurrencyPolicy)) causes.push(notSupported('spec.concurrencyPolicy', spec.concurrencyPolicy, policies));
  causes.push(...nonNegative('spec.successfulJobsHistoryLimit', spec.successfulJobsHistoryLimit));
  causes.push(...nonNegative('spec.failedJobsHistoryLimit', spec.failedJobsHistoryLimit));
  causes.push(...validateJobSpec(spec.jobTemplate?.spec ?? {}, 'spec.jobTemplate.spec'));
  return causes;
}
