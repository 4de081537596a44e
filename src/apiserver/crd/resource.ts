// A CRD's served versions as schema-registry entries: one ResourceType (names, scope, subresources,
// printer columns, selectable fields) and its TypeDefs per version, plus what the API server needs at
// request time (the structural schema, the scale paths) in a side table keyed by that ResourceType.
import type { CustomResourceDefinition, CustomResourceDefinitionNames, CustomResourceDefinitionVersion } from 'kubernetes-types/apiextensions/v1.d.ts';
import type { ResourceType, Subresource, TypeDef } from '../../api/schema/types.ts';
import { standardVerbs, scaleSubresource, statusSubresource } from '../../api/schema/resources/define.ts';
import { firstValue, parseJsonPath, type Segment } from './jsonpath.ts';
import { printerColumns } from './printer.ts';
import type { StructuralSchema } from './structural.ts';
import { customTypeName, typeDefsFor } from './typedefs.ts';

export interface ScalePaths {
  specReplicas: Segment[];
  statusReplicas: Segment[];
  labelSelector?: Segment[];
}

/** Shared by every version of one CRD: set while the CRD is being deleted. */
export interface CrdState {
  name: string;
  terminating: boolean;
}

export interface CustomResource {
  crd: CrdState;
  schema: StructuralSchema | undefined;
  scale?: ScalePaths;
}

const customResources = new WeakMap<ResourceType, CustomResource>();

/** What the server knows about a custom resource; undefined for built-in ones. */
export function customResourceOf(rt: ResourceType): CustomResource | undefined {
  return customResources.get(rt);
}

export interface ServedVersion {
  resource: ResourceType;
  types: TypeDef[];
}

/** Registry entries for each served version of the CRD, under the names it was granted. */
export function servedVersions(crd: CustomResourceDefinition, names: CustomResourceDefinitionNames, state: CrdState): ServedVersion[] {
  return crd.spec.versions.filter((v) => v.served).map((v) => servedVersion(crd, names, v, state));
}

function servedVersion(crd: CustomResourceDefinition, names: CustomResourceDefinitionNames, v: CustomResourceDefinitionVersion, state: CrdState): ServedVersion {
  const group = crd.spec.group;
  const schema = v.schema?.openAPIV3Schema as StructuralSchema | undefined;
  const typeName = customTypeName(group, v.name, names.kind);
  const subresources: Subresource[] = [];
  if (v.subresources?.status) subresources.push(statusSubresource);
  if (v.subresources?.scale) subresources.push(scaleSubresource);
  const resource: ResourceType = {
    group,
    version: v.name,
    kind: names.kind,
    listKind: names.listKind ?? `${names.kind}List`,
    plural: names.plural,
    singular: names.singular || names.kind.toLowerCase(),
    shortNames: names.shortNames ?? [],
    categories: names.categories ?? [],
    namespaced: crd.spec.scope === 'Namespaced',
    verbs: standardVerbs,
    subresources: subresources.sort((a, b) => a.name.localeCompare(b.name)),
    typeName,
    printerColumns: printerColumns(v.additionalPrinterColumns),
    selectableFields: selectableFields(v),
    custom: true,
  };
  const scale = v.subresources?.scale;
  customResources.set(resource, {
    crd: state,
    schema,
    scale: scale && {
      specReplicas: parseJsonPath(scale.specReplicasPath),
      statusReplicas: parseJsonPath(scale.statusReplicasPath),
      labelSelector: scale.labelSelectorPath ? parseJsonPath(scale.labelSelectorPath) : undefined,
    },
  });
  return { resource, types: typeDefsFor(typeName, schema) };
}

/** spec.versions[].selectableFields: `.spec.color` becomes the field selector `spec.color`. */
function selectableFields(v: CustomResourceDefinitionVersion): ResourceType['selectableFields'] {
  const out: ResourceType['selectableFields'] = {};
  for (const { jsonPath } of v.selectableFields ?? []) {
    const path = parseJsonPath(jsonPath);
    out[jsonPath.replace(/^\./, '')] = (obj) => {
      const value = firstValue(obj, path);
      return value === undefined || value === null ? undefined : String(value);
    };
  }
  return out;
}
