// What a custom object goes through on every write, beside the generic steps: pruning of fields the
// schema does not know, defaults from the schema, then validation against it. Creation is refused
// while the CRD is being deleted, as upstream's CRD handler refuses it. CRDs themselves are checked
// here too, so that only CRDs the server can serve are stored.
import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.d.ts';
import type { ResourceType } from '../../api/schema/types.ts';
import type { KubeObject } from '../objects/codec.ts';
import { ApiError, type StatusCause } from '../status.ts';
import { defaultCustomObject } from './defaults.ts';
import { pruneCustomObject } from './prune.ts';
import { customResourceOf } from './resource.ts';
import { validateCustomObject } from './validate.ts';
import { validateCrd } from './validate-crd.ts';

/** Prunes and defaults a custom object in place; returns its schema's (or a CRD's) validation causes. */
export function admitCustomResource(rt: ResourceType, obj: KubeObject, old: KubeObject | undefined): StatusCause[] {
  if (rt.group === 'apiextensions.k8s.io' && rt.kind === 'CustomResourceDefinition') return validateCrd(obj as unknown as CustomResourceDefinition);
  const custom = customResourceOf(rt);
  if (!custom) return [];
  if (!old && custom.crd.terminating) {
    throw new ApiError(405, 'MethodNotAllowed', 'create not allowed while custom resource definition is terminating', { group: rt.group, kind: rt.plural });
  }
  pruneCustomObject(obj, custom.schema);
  defaultCustomObject(obj, custom.schema);
  return validateCustomObject(obj, custom.schema);
}

/** Custom objects arrive as unstructured JSON: wrong types are 422 causes, not decoding errors. */
export function isCustomResource(rt: ResourceType): boolean {
  return rt.custom === true;
}
