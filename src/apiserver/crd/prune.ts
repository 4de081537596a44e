// Pruning: fields the structural schema does not specify are dropped before the object is stored,
// unless x-kubernetes-preserve-unknown-fields keeps them (apiextensions.k8s.io/v1 always prunes).
// Nulls in fields that are not nullable go too, so a default can take their place
// (https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#field-pruning).
import { isObject } from './jsonpath.ts';
import { additionalSchema, typeMetaFields, type StructuralSchema } from './structural.ts';

/** Prunes `obj` in place; returns the paths that were removed. */
export function pruneCustomObject(obj: Record<string, unknown>, schema: StructuralSchema | undefined): string[] {
  const removed: string[] = [];
  if (schema) pruneObject(obj, schema, '', removed, true);
  return removed;
}

function pruneValue(v: unknown, s: StructuralSchema, path: string, removed: string[]): void {
  if (Array.isArray(v)) {
    if (s.items) v.forEach((item, i) => pruneValue(item, s.items!, `${path}[${i}]`, removed));
  } else if (isObject(v) && !s['x-kubernetes-int-or-string']) {
    pruneObject(v, s, path, removed, Boolean(s['x-kubernetes-embedded-resource']));
  }
}

function pruneObject(v: Record<string, unknown>, s: StructuralSchema, path: string, removed: string[], keepTypeMeta: boolean): void {
  const preserve = Boolean(s['x-kubernetes-preserve-unknown-fields']) || s.additionalProperties === true;
  const additional = additionalSchema(s);
  for (const key of Object.keys(v)) {
    const child = path ? `${path}.${key}` : key;
    if (keepTypeMeta && (typeMetaFields as readonly string[]).includes(key)) continue;
    const prop = s.properties && Object.hasOwn(s.properties, key) ? s.properties[key]! : additional;
    if (!prop) {
      if (!preserve) {
        delete v[key];
        removed.push(child);
      }
      continue;
    }
    if (v[key] === null && !prop.nullable) {
      delete v[key];
      continue;
    }
    pruneValue(v[key], prop, child, removed);
  }
}
