// Walking the schema registry's TypeDefs while patching: which field is a merge list, by which key.
// An unknown type or field (custom resources, `any` values) yields no metadata, so the patch falls
// back to merge-patch semantics there: maps merge, lists are replaced.

import type { PatchStrategy, Schema, TypeDef } from '../schema/types.ts';

export type TypeLookup = (name: string) => TypeDef | undefined;

export interface FieldMeta {
  schema?: Schema;
  patchStrategy?: PatchStrategy;
  patchMergeKey?: string;
}

/** Metadata of `key` inside a value described by `schema`. */
export function fieldMeta(lookup: TypeLookup, schema: Schema | undefined, key: string): FieldMeta {
  if (!schema) return {};
  if (schema.type === 'map') return { schema: schema.values };
  if (schema.type !== 'ref') return {};
  const field = lookup(schema.name)?.fields[key];
  if (!field) return {};
  const meta: FieldMeta = { schema: field.schema };
  if (field.patchStrategy) meta.patchStrategy = field.patchStrategy;
  if (field.patchMergeKey) meta.patchMergeKey = field.patchMergeKey;
  return meta;
}

export const itemSchema = (schema: Schema | undefined): Schema | undefined => (schema?.type === 'array' ? schema.items : undefined);

export const strategyHas = (s: PatchStrategy | undefined, part: 'merge' | 'replace' | 'retainKeys'): boolean => (s ?? '').split(',').includes(part);
