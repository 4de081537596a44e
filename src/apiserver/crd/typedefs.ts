// A CRD version's schema as registry TypeDefs, so that everything derived from the registry works for
// custom resources too: OpenAPI v3 (kubectl explain), unknown-field detection for fieldValidation,
// and the merge-patch/apply machinery. The kind's type is named as upstream names CRD definitions
// (com.example.v1.Widget); upstream inlines nested objects, which the registry cannot, so they become
// types named by their path and ending in "Object" (com.example.v1.Widget.spec.Object): kubectl
// explain prints a type's last name segment, and for an inline object upstream it prints "Object".
import type { FieldDef, Schema, TypeDef } from '../../api/schema/types.ts';
import { additionalSchema, type StructuralSchema } from './structural.ts';

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** 'example.com', 'v1', 'Widget' → 'com.example.v1.Widget' (upstream's definition naming for CRDs). */
export function customTypeName(group: string, version: string, kind: string): string {
  return [...group.split('.').reverse(), version, kind].join('.');
}

/** The TypeDefs of one served version: the kind's own type first, then the nested object types. */
export function typeDefsFor(typeName: string, schema: StructuralSchema | undefined): TypeDef[] {
  const out: TypeDef[] = [];
  const root = objectType(typeName, '', schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, out, true);
  return [root, ...out.filter((t) => t !== root)];
}

function objectType(base: string, path: string, s: StructuralSchema, out: TypeDef[], withTypeMeta: boolean): TypeDef {
  const name = path ? `${base}.${path}.Object` : base;
  const fields: Record<string, FieldDef> = {};
  if (withTypeMeta) {
    fields.apiVersion = { schema: { type: 'string' }, description: 'APIVersion defines the versioned schema of this representation of an object.' };
    fields.kind = { schema: { type: 'string' }, description: 'Kind is a string value representing the REST resource this object represents.' };
    fields.metadata = { schema: { type: 'ref', name: OBJECT_META }, description: "Standard object's metadata." };
  }
  const required = new Set(s.required ?? []);
  for (const [field, prop] of Object.entries(s.properties ?? {})) {
    if (withTypeMeta && field in fields && field !== 'metadata') {
      fields[field] = { ...fields[field]!, ...(prop.description && { description: prop.description }) };
      continue;
    }
    if (withTypeMeta && field === 'metadata') continue;
    const def: FieldDef = { schema: schemaOf(base, path ? `${path}.${field}` : field, prop, out) };
    if (prop.description) def.description = prop.description;
    if (required.has(field)) def.required = true;
    fields[field] = def;
  }
  const type: TypeDef = { name, fields };
  // A nested object's description is its field's; kubectl explain would print it twice.
  if (s.description && !path) type.description = s.description;
  out.push(type);
  return type;
}

/** One value's Schema; objects with properties become named types, everything open-ended 'any'. */
function schemaOf(base: string, path: string, s: StructuralSchema, out: TypeDef[]): Schema {
  if (s['x-kubernetes-int-or-string']) return { type: 'int-or-string' };
  const embedded = Boolean(s['x-kubernetes-embedded-resource']);
  switch (s.type) {
    case 'string':
      return stringSchema(s);
    case 'integer':
      return { type: 'integer', ...(s.format === 'int32' || s.format === 'int64' ? { format: s.format } : {}) };
    case 'number':
      return { type: 'number', format: 'double' };
    case 'boolean':
      return { type: 'boolean' };
    case 'array': {
      const items: Schema = s.items ? schemaOf(base, `${path}.items`, s.items, out) : { type: 'any' };
      const listType = s['x-kubernetes-list-type'];
      return { type: 'array', items, ...(listType && { listType }), ...(s['x-kubernetes-list-map-keys'] && { listMapKeys: s['x-kubernetes-list-map-keys'] }) };
    }
    case 'object': {
      // A field that keeps whatever it is sent has no unknown fields to report.
      if (s['x-kubernetes-preserve-unknown-fields']) return { type: 'any' };
      const additional = additionalSchema(s);
      if (additional && !s.properties) return { type: 'map', values: schemaOf(base, `${path}.value`, additional, out) };
      if (s.additionalProperties === true && !s.properties) return { type: 'map', values: { type: 'any' } };
      return { type: 'ref', name: objectType(base, path, s, out, embedded).name };
    }
    default:
      return { type: 'any' };
  }
}

function stringSchema(s: StructuralSchema): Schema {
  const format = s.format === 'byte' || s.format === 'date-time' ? s.format : undefined;
  const enumValues = s.enum?.every((v) => typeof v === 'string') ? (s.enum as string[]) : undefined;
  return { type: 'string', ...(format && { format }), ...(enumValues && { enum: enumValues }) };
}
