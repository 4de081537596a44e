// The steps every incoming object goes through before it is stored: namespace lifecycle, mutating
// admission (DefaultTolerationSeconds), defaults, validation. (More plugins join here as they land.)
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
