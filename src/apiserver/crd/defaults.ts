// Defaulting from the structural schema's `default:` values: an absent field with a default gets a
// copy of it, top-down, so a defaulted object's own fields are defaulted in turn (upstream applies
// defaults when a request is decoded and when an object is read from storage).
import { isObject } from './jsonpath.ts';
import { additionalSchema, type StructuralSchema } from './structural.ts';

export function defaultCustomObject(obj: Record<string, unknown>, schema: StructuralSchema | undefined): void {
  if (schema) defaultValue(obj, schema);
}

function defaultValue(v: unknown, s: StructuralSchema): void {
  if (Array.isArray(v)) {
    if (s.items) for (const item of v) defaultValue(item, s.items);
    return;
  }
  if (!isObject(v)) return;
  for (const [key, prop] of Object.entries(s.properties ?? {})) {
    if (v[key] === undefined && prop.default !== undefined) v[key] = structuredClone(prop.default);
  }
  const additional = additionalSchema(s);
  for (const [key, value] of Object.entries(v)) {
    const prop = s.properties && Object.hasOwn(s.properties, key) ? s.properties[key] : additional;
    if (prop) defaultValue(value, prop);
  }
}
