// A value of the wrong JSON type for its schema (a string where an object belongs, 1.5 for an integer)
// is rejected while decoding with 400, as upstream's JSON decoder rejects it; defaulting and validation
// after decoding may then rely on the shapes the schema promises. Nulls inside maps and lists become
// zero values on the way, as in Go.
import type { Schema, TypeDef } from '../api/schema/types.ts';
import { errors } from './status.ts';

type TypeLookup = { type(name: string): TypeDef | undefined };

interface Mismatch {
  path: string;
  got: string;
  want: string;
}

function accepts(schema: Schema, v: unknown): boolean {
  switch (schema.type) {
    case 'string':
      return typeof v === 'string' || (schema.format === 'int-or-string' && typeof v === 'number');
    case 'time':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    case 'ref':
    case 'map':
      return typeof v === 'object' && !Array.isArray(v);
    case 'array':
      return Array.isArray(v);
    case 'quantity':
    case 'int-or-string':
      return typeof v === 'string' || typeof v === 'number';
    case 'any':
      return true;
  }
}

function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number' && !Number.isInteger(v)) return 'number ' + String(v);
  return typeof v;
}

/**
 * Go's decoder stores null in a map value or list item as the element type's zero value
 * (labels {"x": null} become {"x": ""}); validation after decoding expects those values.
 */
function zeroValue(schema: Schema): unknown {
  switch (schema.type) {
    case 'string':
      return '';
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'ref':
      return {};
    default:
      return null;
  }
}

/**
 * The first value whose JSON type its schema does not allow. A null field is allowed (Go leaves the
 * field at its zero value); a null map value or list item is replaced by its zero value here.
 */
export function firstTypeMismatch(value: unknown, typeName: string, types: TypeLookup): Mismatch | undefined {
  const walkType = (v: Record<string, unknown>, name: string, path: string): Mismatch | undefined => {
    const def = types.type(name);
    if (!def) return undefined;
    for (const [field, fv] of Object.entries(v)) {
      if (!Object.hasOwn(def.fields, field)) continue;
      const found = walkSchema(fv, def.fields[field]!.schema, path ? `${path}.${field}` : field);
      if (found) return found;
    }
    return undefined;
  };
  const walkSchema = (v: unknown, schema: Schema, path: string): Mismatch | undefined => {
    if (v === null || v === undefined) return undefined;
    if (!accepts(schema, v)) return { path, got: jsonType(v), want: schema.type === 'ref' || schema.type === 'map' ? 'object' : schema.type };
    if (schema.type === 'ref') return walkType(v as Record<string, unknown>, schema.name, path);
    if (schema.type === 'array') {
      const items = v as unknown[];
      for (const [i, item] of items.entries()) {
        if (item === null) items[i] = zeroValue(schema.items);
        const found = walkSchema(items[i], schema.items, `${path}[${i}]`);
        if (found) return found;
      }
    }
    if (schema.type === 'map') {
      const entries = v as Record<string, unknown>;
      for (const [k, item] of Object.entries(entries)) {
        if (item === null) entries[k] = zeroValue(schema.values);
        const found = walkSchema(entries[k], schema.values, `${path}.${k}`);
        if (found) return found;
      }
    }
    return undefined;
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return walkType(value as Record<string, unknown>, typeName, '');
}

/** Throws upstream's 400 for a decoding type error, e.g. `cannot unmarshal string into field spec.template of type object`. */
export function checkFieldTypes(value: unknown, typeName: string, types: TypeLookup, version: string): void {
  const mismatch = firstTypeMismatch(value, typeName, types);
  if (!mismatch) return;
  const kind = typeName.slice(typeName.lastIndexOf('.') + 1);
  throw errors.badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: json: cannot unmarshal ${mismatch.got} into field ${mismatch.path} of type ${mismatch.want}`);
}
