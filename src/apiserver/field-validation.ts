// fieldValidation=Strict|Warn|Ignore: unknown fields in a request body, found by walking the schema
// registry's type tree. Upstream's message shapes: `strict decoding error: unknown field "spec.foo"`
// (400 BadRequest) for Strict, a `Warning: unknown field "spec.foo"` header for Warn.
import type { Schema, TypeDef } from '../api/schema/types.ts';
import { errors } from './status.ts';

type TypeLookup = { type(name: string): TypeDef | undefined };

export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

export function fieldValidationMode(value: string | undefined): FieldValidation {
  if (value === undefined || value === '' || value === 'Warn') return 'Warn';
  if (value === 'Strict' || value === 'Ignore') return value;
  throw errors.badRequest(`fieldValidation must be one of Strict, Warn or Ignore; got ${JSON.stringify(value)}`);
}

/** Paths of unknown fields, e.g. ["spec.replica", "spec.template.spec.containers[0].imagee"]. */
export function unknownFields(value: unknown, typeName: string, types: TypeLookup, limit = 100): string[] {
  const found: string[] = [];
  const walkType = (v: unknown, name: string, path: string): void => {
    const def = types.type(name);
    if (!def || v === null || typeof v !== 'object' || Array.isArray(v)) return;
    for (const [field, fv] of Object.entries(v as Record<string, unknown>)) {
      if (found.length >= limit) return;
      const fieldPath = path ? `${path}.${field}` : field;
      // Own properties only: a body field named "__proto__" or "constructor" is not a schema field.
      const fieldDef = Object.hasOwn(def.fields, field) ? def.fields[field] : undefined;
      if (!fieldDef) {
        // apiVersion/kind are accepted on every object, whether or not the TypeDef lists them.
        if (!(path === '' && (field === 'apiVersion' || field === 'kind'))) found.push(fieldPath);
        continue;
      }
      walkSchema(fv, fieldDef.schema, fieldPath);
    }
  };
  const walkSchema = (v: unknown, schema: Schema, path: string): void => {
    if (v === null || v === undefined) return;
    if (schema.type === 'ref') walkType(v, schema.name, path);
    else if (schema.type === 'array' && Array.isArray(v)) v.forEach((item, i) => walkSchema(item, schema.items, `${path}[${i}]`));
    else if (schema.type === 'map' && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) walkSchema(item, schema.values, `${path}.${k}`);
    }
  };
  walkType(value, typeName, '');
  return found;
}

/**
 * Applies the mode: Strict throws 400 listing the unknown fields, Warn returns warning texts,
 * Ignore returns nothing.
 */
export function checkUnknownFields(mode: FieldValidation, value: unknown, typeName: string, types: TypeLookup): string[] {
  if (mode === 'Ignore') return [];
  const unknown = unknownFields(value, typeName, types);
  if (unknown.length === 0) return [];
  const messages = unknown.map((p) => `unknown field "${p}"`);
  if (mode === 'Strict') throw errors.badRequest(`strict decoding error: ${messages.join(', ')}`);
  return messages;
}
