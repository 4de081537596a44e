// Registry TypeDefs as OpenAPI v3 component schemas, shaped as upstream's generator emits them: refs to
// named types wrapped in allOf (so a description can sit beside them), list and patch extensions on the
// property, and the apimachinery scalar types as named components (kubectl explain shows their names).
import type { FieldDef, Schema, TypeDef } from '../schema/types.ts';

export type JSONSchema = Record<string, unknown>;

export interface GVK {
  group: string;
  version: string;
  kind: string;
}

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
export const TIME = `${META}.Time`;
export const MICRO_TIME = `${META}.MicroTime`;
export const PATCH = `${META}.Patch`;

/** Types that are scalars on the wire; the registry models them as Schema variants, not TypeDefs. */
export const WELL_KNOWN: Record<string, JSONSchema> = {
  [QUANTITY]: { description: 'A fixed-point amount with an optional SI or binary suffix, such as "100m" or "1Gi".', oneOf: [{ type: 'string' }, { type: 'number' }] },
  [INT_OR_STRING]: { description: 'Either an integer or a string, such as 3 or "25%".', format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] },
  [TIME]: { description: 'An instant in RFC 3339 form, to the second.', type: 'string', format: 'date-time' },
  [MICRO_TIME]: { description: 'An instant in RFC 3339 form, to the microsecond.', type: 'string', format: 'date-time' },
  [PATCH]: { description: 'The body of a PATCH request; its form depends on the Content-Type.', type: 'object' },
};

export function refTo(name: string): JSONSchema {
  return { $ref: `#/components/schemas/${name}` };
}

/** The named type a Schema stands for, if it is one. */
export function namedType(s: Schema): string | undefined {
  switch (s.type) {
    case 'ref':
      return s.name;
    case 'quantity':
      return QUANTITY;
    case 'int-or-string':
      return INT_OR_STRING;
    case 'time':
      return s.micro ? MICRO_TIME : TIME;
    default:
      return undefined;
  }
}

/** A schema in value position (array items, map values): a bare $ref for named types. */
export function valueSchema(s: Schema): JSONSchema {
  const named = namedType(s);
  if (named) return refTo(named);
  switch (s.type) {
    case 'string':
      return { type: 'string', ...(s.format && { format: s.format }), ...(s.enum && { enum: s.enum }) };
    case 'integer':
      return { type: 'integer', ...(s.format && { format: s.format }) };
    case 'number':
      return { type: 'number', format: s.format ?? 'double' };
    case 'boolean':
      return { type: 'boolean' };
    case 'array':
      return {
        type: 'array',
        items: valueSchema(s.items),
        ...(s.listType && { 'x-kubernetes-list-type': s.listType }),
        ...(s.listMapKeys && { 'x-kubernetes-list-map-keys': s.listMapKeys }),
      };
    case 'map':
      return { type: 'object', additionalProperties: valueSchema(s.values) };
    default:
      // 'any' (RawExtension, JSON): arbitrary content kept as sent.
      return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  }
}

/** A property: named types as allOf:[{$ref}] beside the description, plus patch extensions. */
export function propertySchema(field: FieldDef): JSONSchema {
  const named = namedType(field.schema);
  const out: JSONSchema = named ? { allOf: [refTo(named)] } : valueSchema(field.schema);
  if (field.description) out.description = field.description;
  if (field.patchMergeKey) out['x-kubernetes-patch-merge-key'] = field.patchMergeKey;
  if (field.patchStrategy) out['x-kubernetes-patch-strategy'] = field.patchStrategy;
  return out;
}

export function typeSchema(def: TypeDef, gvks: GVK[] = []): JSONSchema {
  const properties: Record<string, JSONSchema> = {};
  const required: string[] = [];
  for (const [name, field] of Object.entries(def.fields)) {
    properties[name] = propertySchema(field);
    if (field.required) required.push(name);
  }
  const out: JSONSchema = { type: 'object', properties };
  if (def.description) out.description = def.description;
  if (required.length > 0) out.required = required;
  if (gvks.length > 0) out['x-kubernetes-group-version-kind'] = gvks;
  return out;
}

/** Every named type reachable from the roots, each listed once. */
export function reachableTypes(roots: Iterable<string>, lookup: (name: string) => TypeDef | undefined): string[] {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const field of Object.values(lookup(name)?.fields ?? {})) stack.push(...namedTypesIn(field.schema));
  }
  return [...seen].sort();
}

function namedTypesIn(s: Schema): string[] {
  const named = namedType(s);
  if (named) return [named];
  if (s.type === 'array') return namedTypesIn(s.items);
  if (s.type === 'map') return namedTypesIn(s.values);
  return [];
}
