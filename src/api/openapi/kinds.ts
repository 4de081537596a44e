// Where each kind's schema lives: the definition names of objects, their lists and subresource bodies,
// and the group/version/kind every top-level schema is tagged with (x-kubernetes-group-version-kind,
// which kubectl explain and kubectl's field-validation check look up).
import type { ResourceType, Subresource, TypeDef } from '../schema/types.ts';
import type { GVK } from './schemas.ts';

/** The part of SchemaRegistry (src/api/schema/registry.ts) that OpenAPI needs. */
export interface OpenAPISource {
  resources(): readonly ResourceType[];
  type(name: string): TypeDef | undefined;
  groupVersions(): { group: string; version: string; preferred: boolean }[];
}

export const LIST_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta';

/** 'io.k8s.api.apps.v1.Deployment' → 'io.k8s.api.apps.v1.DeploymentList'. */
export function listTypeName(r: ResourceType): string {
  return `${packageOf(r.typeName)}.${r.listKind}`;
}

/** The TypeDef for a list: the registry's own if it has one, else the standard items/metadata shape. */
export function listTypeDef(source: OpenAPISource, r: ResourceType): TypeDef {
  const name = listTypeName(r);
  const own = source.type(name);
  if (own) return own;
  return {
    name,
    description: `A list of ${r.kind} objects.`,
    fields: {
      apiVersion: { schema: { type: 'string' }, description: 'Versioned schema of this list.' },
      kind: { schema: { type: 'string' }, description: 'The REST resource this list represents.' },
      items: { schema: { type: 'array', items: { type: 'ref', name: r.typeName } }, required: true, description: `The ${r.plural}.` },
      metadata: source.type(LIST_META) ? { schema: { type: 'ref', name: LIST_META }, description: 'Standard list metadata.' } : { schema: { type: 'any' } },
    },
  };
}

/**
 * The definition name of a subresource's body when it is its own kind (Scale, Eviction…), found the way
 * upstream names definitions: the package of a resource in that group/version, or io.k8s.api.<group>.
 */
export function subresourceTypeName(source: OpenAPISource, parent: ResourceType, s: Subresource): string | undefined {
  if (!s.kind) return parent.typeName;
  const group = s.group ?? parent.group;
  const version = s.version ?? parent.version;
  const sibling = source.resources().find((r) => r.group === group && r.version === version);
  const pkg = sibling ? packageOf(sibling.typeName) : `io.k8s.api.${group === '' ? 'core' : group.split('.')[0]}.${version}`;
  const name = `${pkg}.${s.kind}`;
  return source.type(name) ? name : undefined;
}

/** Definition name → every GVK it is served as, across all resources. */
export function kindsByType(source: OpenAPISource): Map<string, GVK[]> {
  const out = new Map<string, GVK[]>();
  const add = (name: string, gvk: GVK) => {
    const list = out.get(name) ?? [];
    if (!list.some((g) => g.group === gvk.group && g.version === gvk.version && g.kind === gvk.kind)) list.push(gvk);
    out.set(name, list);
  };
  for (const r of source.resources()) {
    add(r.typeName, { group: r.group, version: r.version, kind: r.kind });
    add(listTypeName(r), { group: r.group, version: r.version, kind: r.listKind });
    for (const s of r.subresources) {
      const name = s.kind ? subresourceTypeName(source, r, s) : undefined;
      if (name) add(name, { group: s.group ?? r.group, version: s.version ?? r.version, kind: s.kind! });
    }
  }
  return out;
}

function packageOf(typeName: string): string {
  return typeName.slice(0, typeName.lastIndexOf('.'));
}
