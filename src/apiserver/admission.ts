// The steps every incoming object goes through before it is stored: namespace lifecycle, mutating
// admission (DefaultTolerationSeconds, Priority), defaults, validation. (More plugins join here as they land.)
import type { Pod, Toleration } from 'kubernetes-types/core/v1.d.ts';
import { applyDefaults } from '../api/defaults/index.ts';
import { validate } from '../api/validation/index.ts';
import { admitCustomResource } from './crd/admission.ts';
import type { ResourceType } from '../api/schema/types.ts';
import type { KubeObject } from './objects/codec.ts';
import type { ServerDeps } from './context.ts';
import { errors } from './status.ts';

/** Upstream's NamespaceLifecycle: no new objects in a missing or terminating namespace. */
export async function checkNamespaceLifecycle(deps: ServerDeps, rt: ResourceType, namespace: string | undefined): Promise<void> {
  if (!rt.namespaced || !namespace) return;
  const namespaces = deps.registry.resource('', 'v1', 'namespaces')!;
  const ns = await deps.store.tryGet(namespaces, undefined, namespace);
  if (!ns) throw errors.notFound('', 'namespaces', namespace);
  if (ns.metadata.deletionTimestamp) {
    throw errors.forbidden(`${rt.plural}${rt.group ? '.' + rt.group : ''} "" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`);
  }
}

export function defaultAndValidate(rt: ResourceType, obj: KubeObject, old?: KubeObject): void {
  // Custom objects are pruned and defaulted from their CRD's schema before the generic rules run.
  const schemaCauses = admitCustomResource(rt, obj, old);
  applyDefaults(rt.group, rt.kind, obj);
  const causes = [...validate(rt.kind, obj, old, { namespaced: rt.namespaced }), ...schemaCauses];
  if (causes.length > 0) throw errors.invalid(rt.group, rt.kind, obj.metadata.name ?? obj.metadata.generateName ?? '', causes);
}

export interface AdmissionSettings {
  /** DefaultTolerationSeconds: how long pods tolerate a not-ready node (upstream 300). */
  defaultNotReadyTolerationSeconds: number;
  /** DefaultTolerationSeconds: how long pods tolerate an unreachable node (upstream 300). */
  defaultUnreachableTolerationSeconds: number;
}

export const defaultAdmissionSettings: AdmissionSettings = { defaultNotReadyTolerationSeconds: 300, defaultUnreachableTolerationSeconds: 300 };

/**
 * Upstream's DefaultTolerationSeconds plugin: a pod that does not already tolerate the not-ready or
 * unreachable NoExecute taint gets a toleration for it with a bounded tolerationSeconds, so the node
 * lifecycle controller evicts it from a lost node after that long.
 */
export function addDefaultTolerations(rt: ResourceType, obj: KubeObject, settings: AdmissionSettings): void {
  if (rt.group !== '' || rt.kind !== 'Pod') return;
  const pod = obj as unknown as Pod & { spec?: { tolerations?: Toleration[] } };
  if (!pod.spec) return;
  const tolerations = (pod.spec.tolerations ??= []);
  const covers = (key: string) => tolerations.some((t) => (!t.key || t.key === key) && (!t.effect || t.effect === 'NoExecute'));
  const add = (key: string, seconds: number) => {
    if (!covers(key)) tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds });
  };
  add('node.kubernetes.io/not-ready', settings.defaultNotReadyTolerationSeconds);
  add('node.kubernetes.io/unreachable', settings.defaultUnreachableTolerationSeconds);
}

/**
 * Upstream's ServiceAccount admission, the part kites does: a pod (not a mirror pod) without
 * spec.serviceAccountName runs as "default"; the deprecated spec.serviceAccount follows it. The
 * default token volume (kube-api-access-xxxxx) is not added: its ca.crt comes from the
 * kube-root-ca.crt ConfigMap, which nothing publishes in kites yet, so every pod would wait for it.
 */
export function admitServiceAccount(rt: ResourceType, obj: KubeObject): void {
  if (rt.group !== '' || rt.kind !== 'Pod') return;
  if (obj.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined) return;
  const spec = (obj.spec ?? {}) as { serviceAccountName?: string; serviceAccount?: string };
  spec.serviceAccountName ||= spec.serviceAccount || 'default';
  spec.serviceAccount = spec.serviceAccountName;
  obj.spec = spec;
}

/** The built-in classes every cluster has (upstream SystemPriorityClasses). */
export const SYSTEM_PRIORITY_CLASSES = [
  { name: 'system-node-critical', value: 2000001000, description: 'Used for system critical pods that must not be moved from their current node.' },
  { name: 'system-cluster-critical', value: 2000000000, description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.' },
] as const;

interface PriorityClassObject {
  metadata: { name?: string };
  value?: number;
  globalDefault?: boolean;
  preemptionPolicy?: string;
}

/**
 * Upstream's Priority admission plugin. Pods: spec.priorityClassName resolves to spec.priority and
 * spec.preemptionPolicy (a missing class is Forbidden; a conflicting explicit value too); without a
 * class name the globalDefault class applies (the lowest if several), else priority 0.
 * PriorityClasses: at most one globalDefault.
 */
export async function admitPriority(deps: ServerDeps, rt: ResourceType, obj: KubeObject): Promise<void> {
  const classes = deps.registry.resource('scheduling.k8s.io', 'v1', 'priorityclasses')!;
  if (rt.group === 'scheduling.k8s.io' && rt.kind === 'PriorityClass') {
    const pc = obj as unknown as PriorityClassObject;
    if (!pc.globalDefault) return;
    const other = (await deps.store.list(classes, undefined, {})).items.find((c) => (c as unknown as PriorityClassObject).globalDefault && c.metadata.name !== pc.metadata.name);
    if (other) throw errors.forbidden(`priorityclasses.scheduling.k8s.io "${pc.metadata.name ?? ''}" is forbidden: PriorityClass ${other.metadata.name} is already marked as default. Only one default can exist`);
    return;
  }
  if (rt.group !== '' || rt.kind !== 'Pod') return;
  const spec = (obj.spec ?? {}) as { priorityClassName?: string; priority?: number; preemptionPolicy?: string };
  const forbidden = (why: string) => errors.forbidden(`pods "${obj.metadata.name ?? ''}" is forbidden: ${why}`);
  let resolved: { name: string; value: number; preemptionPolicy: string };
  if (spec.priorityClassName) {
    const pc = (await deps.store.tryGet(classes, undefined, spec.priorityClassName)) as unknown as PriorityClassObject | undefined;
    if (!pc) throw forbidden(`no PriorityClass with name ${spec.priorityClassName} was found`);
    resolved = { name: spec.priorityClassName, value: pc.value ?? 0, preemptionPolicy: pc.preemptionPolicy ?? 'PreemptLowerPriority' };
  } else {
    const defaults = (await deps.store.list(classes, undefined, { filter: (c) => Boolean((c as unknown as PriorityClassObject).globalDefault) })).items as unknown as PriorityClassObject[];
    const lowest = defaults.sort((a, b) => (a.value ?? 0) - (b.value ?? 0))[0];
    resolved = lowest ? { name: lowest.metadata.name ?? '', value: lowest.value ?? 0, preemptionPolicy: lowest.preemptionPolicy ?? 'PreemptLowerPriority' } : { name: '', value: 0, preemptionPolicy: 'PreemptLowerPriority' };
  }
  if (spec.priority !== undefined && spec.priority !== null && spec.priority !== resolved.value) {
    throw forbidden(`the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${resolved.value} from the given PriorityClass name`);
  }
  if (spec.preemptionPolicy && spec.preemptionPolicy !== resolved.preemptionPolicy) {
    throw forbidden(`the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${resolved.preemptionPolicy} from the given PriorityClass name`);
  }
  if (resolved.name) spec.priorityClassName = resolved.name;
  spec.priority = resolved.value;
  spec.preemptionPolicy = resolved.preemptionPolicy;
  obj.spec = spec;
}
