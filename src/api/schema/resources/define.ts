// Builds a ResourceType from the few facts that vary between kinds; the rest follows upstream's
// conventions (listKind = Kind + "List", singular = lower-case kind, the standard verb set).
import type { PrinterColumn, ResourceType, Subresource } from '../types.ts';

/** The verbs upstream discovery lists for an ordinary stored resource. */
export const standardVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export interface ResourceSpec {
  group: string;
  version: string;
  kind: string;
  plural: string;
  /** OpenAPI definition-name prefix of the kind's package, e.g. 'io.k8s.api.apps.v1'. */
  pkg: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs?: string[];
  subresources?: Subresource[];
  printerColumns?: PrinterColumn[];
  selectableFields?: ResourceType['selectableFields'];
  virtual?: boolean;
}

export function defineResource(spec: ResourceSpec): ResourceType {
  const resource: ResourceType = {
    group: spec.group,
    version: spec.version,
    kind: spec.kind,
    listKind: `${spec.kind}List`,
    plural: spec.plural,
    singular: spec.kind.toLowerCase(),
    shortNames: spec.shortNames ?? [],
    categories: spec.categories ?? [],
    namespaced: spec.namespaced,
    verbs: spec.verbs ?? standardVerbs,
    subresources: spec.subresources ?? [],
    typeName: `${spec.pkg}.${spec.kind}`,
    printerColumns: spec.printerColumns ?? [],
    selectableFields: spec.selectableFields ?? {},
  };
  if (spec.virtual) resource.virtual = true;
  return resource;
}

/** The status subresource every kind with a status stanza has. */
export const statusSubresource: Subresource = { name: 'status', verbs: ['get', 'patch', 'update'] };

/** autoscaling/v1 Scale, served by deployments, replicasets, statefulsets and replicationcontrollers. */
export const scaleSubresource: Subresource = {
  name: 'scale',
  group: 'autoscaling',
  version: 'v1',
  kind: 'Scale',
  verbs: ['get', 'patch', 'update'],
};
