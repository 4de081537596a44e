// Strategic merge patch (application/strategic-merge-patch+json), the patch kubectl apply, edit,
// label, annotate, scale, set image and rollout restart send. Behaviour follows
// k8s.io/apimachinery/pkg/util/strategicpatch (see docs/api-machinery.md): maps merge and null
// deletes a key; lists whose field declares patchStrategy "merge" merge by patchMergeKey (primitive
// lists as sets), other lists are replaced; the directives are
//   $patch: replace | delete          in a map or as a list item
//   $retainKeys: [..]                 drop the map's other keys
//   $deleteFromPrimitiveList/<field>  remove values from a primitive merge list
//   $setElementOrder/<field>          the order of the list after merging
// Keys absent from the original take the patch value with its directives and nulls removed (the
// API server merges with IgnoreUnmatchedNulls).

import type { Schema } from '../schema/types.ts';
import { badRequest, unprocessable } from './errors.ts';
import { isObject } from './merge.ts';
import { type FieldMeta, type TypeLookup, fieldMeta, itemSchema, strategyHas } from './schema.ts';

type Obj = Record<string, unknown>;

const PATCH = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_FROM = '$deleteFromPrimitiveList/';
const SET_ORDER = '$setElementOrder/';

const isDirectiveKey = (k: string): boolean => k === PATCH || k === RETAIN_KEYS || k.startsWith(DELETE_FROM) || k.startsWith(SET_ORDER);

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Obj)[k], (b as Obj)[k]));
}

class StrategicMerger {
  constructor(private readonly lookup: TypeLookup) {}

  mergeMap(original: Obj, patch: Obj, schema: Schema | undefined): Obj {
    if (PATCH in patch) return this.mapDirective(patch, schema);
    const out: Obj = { ...original };
    if (RETAIN_KEYS in patch) this.retainKeys(out, patch);
    const serverLists = new Map<string, unknown[]>();
    for (const [k, v] of Object.entries(patch)) {
      if (k.startsWith(SET_ORDER)) {
        const field = k.slice(SET_ORDER.length);
        if (!Array.isArray(v)) throw badRequest('invalid patch format for set element order list');
        if (Array.isArray(out[field])) serverLists.set(field, out[field] as unknown[]);
      } else if (k.startsWith(DELETE_FROM)) {
        const field = k.slice(DELETE_FROM.length);
        if (!Array.isArray(v)) throw badRequest('invalid patch format of primitive list');
        if (Array.isArray(out[field])) out[field] = (out[field] as unknown[]).filter((x) => !v.some((d) => deepEqual(d, x)));
      }
    }
    for (const [k, v] of Object.entries(patch)) {
      if (isDirectiveKey(k)) continue;
      if (v === null) {
        delete out[k];
        continue;
      }
      const meta = fieldMeta(this.lookup, schema, k);
      const merged = this.mergeValue(k in out ? out[k] : undefined, v, meta);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    }
    for (const [field, serverOrder] of serverLists) {
      const order = patch[SET_ORDER + field] as unknown[];
      if (Array.isArray(out[field])) out[field] = reorder(out[field] as unknown[], order, serverOrder, fieldMeta(this.lookup, schema, field).patchMergeKey);
    }
    for (const [k, v] of Object.entries(patch)) {
      // An order for a list that did not exist yet: the merged list takes the patch's order.
      if (k.startsWith(SET_ORDER) && !serverLists.has(k.slice(SET_ORDER.length))) {
        const field = k.slice(SET_ORDER.length);
        if (Array.isArray(out[field])) out[field] = reorder(out[field] as unknown[], v as unknown[], [], fieldMeta(this.lookup, schema, field).patchMergeKey);
      }
    }
    return out;
  }

  /** `$patch` inside a map: replace it with the rest of the patch, or empty it. */
  private mapDirective(patch: Obj, schema: Schema | undefined): Obj {
    const directive = patch[PATCH];
    if (directive === 'replace') {
      const { [PATCH]: _, ...rest } = patch;
      return this.mergeMap({}, rest, schema);
    }
    if (directive === 'delete') return {};
    throw badRequest(`unknown patch type: ${JSON.stringify(directive)} in map: ${JSON.stringify(patch)}`);
  }

  private retainKeys(out: Obj, patch: Obj): void {
    const keep = patch[RETAIN_KEYS];
    if (!Array.isArray(keep)) throw badRequest('invalid patch format of retainKeys');
    for (const [k, v] of Object.entries(patch)) {
      if (v === null || isDirectiveKey(k)) continue;
      if (!keep.includes(k)) throw unprocessable("patch content doesn't match retainKeys list");
    }
    for (const k of Object.keys(out)) if (!keep.includes(k)) delete out[k];
  }

  /** Merges one field's patch value into its original value (undefined when absent). */
  private mergeValue(original: unknown, patch: unknown, meta: FieldMeta): unknown {
    if (isObject(patch)) {
      if (original === undefined && patch[PATCH] === 'delete') return undefined;
      if (strategyHas(meta.patchStrategy, 'replace')) return this.mergeMap({}, patch, meta.schema);
      return this.mergeMap(isObject(original) ? original : {}, patch, meta.schema);
    }
    if (Array.isArray(patch)) {
      if (!strategyHas(meta.patchStrategy, 'merge')) return structuredClone(patch);
      return this.mergeList(Array.isArray(original) ? original : [], patch, itemSchema(meta.schema), meta.patchMergeKey);
    }
    return patch;
  }

  mergeList(original: unknown[], patch: unknown[], items: Schema | undefined, mergeKey: string | undefined): unknown[] {
    if (patch.some(Array.isArray)) throw unprocessable('lists of lists are not supported');
    if (!patch.some(isObject)) return dedupe([...original, ...patch]);
    let replace = false;
    let out = [...original];
    const toMerge: Obj[] = [];
    for (const item of patch) {
      if (!isObject(item)) throw badRequest(`list items must all be maps or all be primitives: ${JSON.stringify(item)}`);
      if (!(PATCH in item)) {
        toMerge.push(item);
        continue;
      }
      const directive = item[PATCH];
      if (directive === 'replace') replace = true;
      else if (directive === 'delete') out = out.filter((o) => !matchesForDelete(o, item, mergeKey));
      else if (directive === 'merge') throw badRequest('merging lists cannot yet be specified in the patch');
      else throw badRequest(`unknown patch type: ${JSON.stringify(directive)} in map: ${JSON.stringify(item)}`);
    }
    if (replace) return toMerge.map((p) => this.mergeMap({}, p, items));
    for (const p of toMerge) {
      const at = mergeKey ? this.indexByKey(out, p, mergeKey) : out.findIndex((o) => deepEqual(o, p));
      if (at >= 0) out[at] = this.mergeMap(out[at] as Obj, p, items);
      else out.push(this.mergeMap({}, p, items));
    }
    return out;
  }

  private indexByKey(list: unknown[], item: Obj, mergeKey: string): number {
    if (!(mergeKey in item)) throw badRequest(`map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`);
    return list.findIndex((o) => isObject(o) && deepEqual(o[mergeKey], item[mergeKey]));
  }
}

function matchesForDelete(original: unknown, item: Obj, mergeKey: string | undefined): boolean {
  if (!isObject(original)) return false;
  if (mergeKey) {
    if (!(mergeKey in item)) throw badRequest('delete patch type with no merge key defined');
    return deepEqual(original[mergeKey], item[mergeKey]);
  }
  const { [PATCH]: _, ...rest } = item;
  return deepEqual(original, rest);
}

/** Keeps the first occurrence of each value: primitive merge lists behave as ordered sets. */
function dedupe(list: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of list) if (!out.some((o) => deepEqual(o, v))) out.push(v);
  return out;
}

const keyOf = (item: unknown, mergeKey: string | undefined): unknown => (mergeKey && isObject(item) ? item[mergeKey] : item);
const indexIn = (list: unknown[], item: unknown, mergeKey: string | undefined): number => list.findIndex((o) => deepEqual(keyOf(o, mergeKey), keyOf(item, mergeKey)));

/**
 * Applies `$setElementOrder`: items named in `order` come in that order; items only the server had
 * keep their places relative to them, as upstream's normalizeElementOrder/mergeSortedSlice do.
 */
function reorder(merged: unknown[], order: unknown[], serverOrder: unknown[], mergeKey: string | undefined): unknown[] {
  const inOrder = (x: unknown) => indexIn(order, x, mergeKey) >= 0;
  const byIndex = (list: unknown[]) => (a: unknown, b: unknown) => indexIn(list, a, mergeKey) - indexIn(list, b, mergeKey);
  const left = merged.filter(inOrder).sort(byIndex(order));
  const right = merged.filter((x) => !inOrder(x)).sort(byIndex(serverOrder));
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (j >= right.length) out.push(left[i++]);
    else if (i >= left.length) out.push(right[j++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey);
      const ri = indexIn(serverOrder, right[j], mergeKey);
      out.push(li >= 0 && ri >= 0 && li < ri ? left[i++] : right[j++]);
    }
  }
  return out;
}

/** Applies a strategic merge patch to `original`, typed by the TypeDef named `typeName`. */
export function applyStrategicPatch(original: unknown, patch: unknown, lookup: TypeLookup, typeName: string): Obj {
  if (!isObject(patch)) throw badRequest('strategic merge patch must be a JSON object');
  const root: Schema = { type: 'ref', name: typeName };
  return new StrategicMerger(lookup).mergeMap(isObject(original) ? structuredClone(original) : {}, patch, root);
}
