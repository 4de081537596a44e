// Validation of a custom object against its structural schema, with upstream's causes: the field
// path, the value, and go-openapi's wording ("spec.replicas in body must be of type integer:
// \"string\""), as the apiextensions-apiserver turns its schema validator's results into field errors.
import { isDeepStrictEqual } from 'node:util';
import { invalid, notSupported, required, tooLong, tooMany, duplicate } from '../../api/validation/field.ts';
import type { StatusCause } from '../status.ts';
import { isObject } from './jsonpath.ts';
import { additionalSchema, type StructuralSchema } from './structural.ts';

/** The root's apiVersion, kind and metadata are the server's business, not the schema's. */
const ROOT_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

export function validateCustomObject(obj: unknown, schema: StructuralSchema | undefined): StatusCause[] {
  if (!schema || !isObject(obj)) return [];
  const causes: StatusCause[] = [];
  validateObjectFields(obj, schema, '', causes, ROOT_FIELDS);
  return causes;
}

/** JSON type names as go-openapi reports them. */
function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(s: StructuralSchema, v: unknown): boolean {
  if (s['x-kubernetes-int-or-string']) return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v));
  switch (s.type) {
    case 'object':
      return isObject(v);
    case 'array':
      return Array.isArray(v);
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    default:
      return true;
  }
}

const typeInvalid = (path: string, got: string, want: string): StatusCause => ({
  reason: 'FieldValueTypeInvalid',
  field: path,
  message: `Invalid value: "${got}": ${path} in body must be of type ${want}: "${got}"`,
});

export function validateValue(v: unknown, s: StructuralSchema, path: string, causes: StatusCause[]): void {
  if (v === null) {
    if (!s.nullable && (s.type || s['x-kubernetes-int-or-string'])) causes.push(typeInvalid(path, 'null', s['x-kubernetes-int-or-string'] ? 'integer,string' : s.type!));
    return;
  }
  if (!typeMatches(s, v)) {
    causes.push(typeInvalid(path, jsonType(v), s['x-kubernetes-int-or-string'] ? 'integer,string' : s.type!));
    return;
  }
  if (s.enum && !s.enum.some((e) => isDeepStrictEqual(e, v))) {
    causes.push(notSupported(path, v, s.enum.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)))));
  }
  if (typeof v === 'string') validateString(v, s, path, causes);
  else if (typeof v === 'number') validateNumber(v, s, path, causes);
  else if (Array.isArray(v)) validateArray(v, s, path, causes);
  else if (isObject(v)) validateObjectFields(v, s, path, causes);
  validateCombinators(v, s, path, causes);
}

function validateString(v: string, s: StructuralSchema, path: string, causes: StatusCause[]): void {
  const length = [...v].length;
  if (s.maxLength !== undefined && length > s.maxLength) causes.push(tooLong(path, s.maxLength));
  if (s.minLength !== undefined && length < s.minLength) causes.push(invalid(path, v, `${path} in body should be at least ${s.minLength} chars long`));
  if (s.pattern !== undefined && !safeRegExp(s.pattern)?.test(v)) causes.push(invalid(path, v, `${path} in body should match '${s.pattern}'`));
}

function safeRegExp(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return undefined;
  }
}

function validateNumber(v: number, s: StructuralSchema, path: string, causes: StatusCause[]): void {
  if (s.maximum !== undefined && (s.exclusiveMaximum ? v >= s.maximum : v > s.maximum)) {
    causes.push(invalid(path, v, `${path} in body should be less than ${s.exclusiveMaximum ? '' : 'or equal to '}${s.maximum}`));
  }
  if (s.minimum !== undefined && (s.exclusiveMinimum ? v <= s.minimum : v < s.minimum)) {
    causes.push(invalid(path, v, `${path} in body should be greater than ${s.exclusiveMinimum ? '' : 'or equal to '}${s.minimum}`));
  }
  if (s.multipleOf !== undefined && s.multipleOf > 0 && !Number.isInteger(v / s.multipleOf)) {
    causes.push(invalid(path, v, `${path} in body should be a multiple of ${s.multipleOf}`));
  }
}

function validateArray(v: unknown[], s: StructuralSchema, path: string, causes: StatusCause[]): void {
  if (s.maxItems !== undefined && v.length > s.maxItems) causes.push(tooMany(path, v.length, s.maxItems));
  if (s.minItems !== undefined && v.length < s.minItems) causes.push(invalid(path, v.length, `${path} in body should have at least ${s.minItems} items`));
  const listType = s['x-kubernetes-list-type'];
  if (s.uniqueItems || listType === 'set') {
    v.forEach((item, i) => {
      if (v.findIndex((other) => isDeepStrictEqual(other, item)) < i) causes.push(duplicate(`${path}[${i}]`, item));
    });
  }
  if (listType === 'map' && s['x-kubernetes-list-map-keys']) {
    const keys = s['x-kubernetes-list-map-keys'];
    const seen = new Set<string>();
    v.forEach((item, i) => {
      if (!isObject(item)) return;
      const key = JSON.stringify(keys.map((k) => item[k] ?? null));
      if (seen.has(key)) causes.push(duplicate(`${path}[${i}]`, Object.fromEntries(keys.map((k) => [k, item[k]]))));
      seen.add(key);
    });
  }
  if (s.items) v.forEach((item, i) => validateValue(item, s.items!, `${path}[${i}]`, causes));
}

function validateObjectFields(v: Record<string, unknown>, s: StructuralSchema, path: string, causes: StatusCause[], skip?: Set<string>): void {
  const child = (k: string) => (path ? `${path}.${k}` : k);
  for (const key of s.required ?? []) {
    if (!skip?.has(key) && (!Object.hasOwn(v, key) || v[key] === undefined)) causes.push(required(child(key)));
  }
  const count = Object.keys(v).length;
  if (s.maxProperties !== undefined && count > s.maxProperties) causes.push(tooMany(path, count, s.maxProperties));
  if (s.minProperties !== undefined && count < s.minProperties) causes.push(invalid(path, count, `${path} in body should have at least ${s.minProperties} properties`));
  const additional = additionalSchema(s);
  for (const [key, value] of Object.entries(v)) {
    if (skip?.has(key)) continue;
    const prop = s.properties && Object.hasOwn(s.properties, key) ? s.properties[key] : additional;
    if (prop) validateValue(value, prop, child(key), causes);
  }
}

/** allOf/anyOf/oneOf/not: value validations without types, as structural schemas allow them. */
function validateCombinators(v: unknown, s: StructuralSchema, path: string, causes: StatusCause[]): void {
  const passes = (sub: StructuralSchema) => {
    const found: StatusCause[] = [];
    validateValue(v, { type: s.type, ...sub }, path, found);
    return found;
  };
  for (const sub of s.allOf ?? []) causes.push(...passes(sub));
  if (s.anyOf && !s.anyOf.some((sub) => passes(sub).length === 0)) causes.push(invalid(path, v, 'must validate at least one schema (anyOf)'));
  if (s.oneOf && s.oneOf.filter((sub) => passes(sub).length === 0).length !== 1) causes.push(invalid(path, v, 'must validate one and only one schema (oneOf)'));
  if (s.not && passes(s.not).length === 0) causes.push(invalid(path, v, 'must not validate the schema (not)'));
}

