// A CRD version's openAPIV3Schema as the server reads it: the JSONSchemaProps of
// apiextensions.k8s.io/v1 plus the x-kubernetes-* extensions that shape pruning and validation
// (https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#specifying-a-structural-schema).
import type { JSONSchemaProps } from 'kubernetes-types/apiextensions/v1.d.ts';

export interface StructuralSchema extends Omit<JSONSchemaProps, 'properties' | 'items' | 'additionalProperties' | 'allOf' | 'anyOf' | 'oneOf' | 'not'> {
  properties?: Record<string, StructuralSchema>;
  items?: StructuralSchema;
  additionalProperties?: StructuralSchema | boolean;
  allOf?: StructuralSchema[];
  anyOf?: StructuralSchema[];
  oneOf?: StructuralSchema[];
  not?: StructuralSchema;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-map-type'?: 'atomic' | 'granular';
}

/** The schema of additionalProperties when it is one (`true` alone adds nothing structural). */
export function additionalSchema(s: StructuralSchema): StructuralSchema | undefined {
  return typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
}

/** Fields an embedded resource (x-kubernetes-embedded-resource) always keeps, like the root does. */
export const typeMetaFields = ['apiVersion', 'kind', 'metadata'] as const;
