// The steps every incoming object goes through before it is stored: namespace lifecycle, defaults,
// validation. (Mutating and validating admission plugins join here as they land.)
import { applyDefaults } from '../api/defaults/index.ts';
import { validate } from '../api/validation/index.ts';
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
  applyDefaults(rt.group, rt.kind, obj);
  const causes = validate(rt.kind, obj, old, { namespaced: rt.namespaced });
  if (causes.length > 0) throw errors.invalid(rt.group, rt.kind, obj.metadata.name ?? obj.metadata.generateName ?? '', causes);
}
