// applyPatch: the three PATCH content types kubectl and the clients send, plus apply.

import yaml from 'js-yaml';
import { badRequest } from './errors.ts';
import { applyJsonPatch } from './json.ts';
import { applyMergePatch } from './merge.ts';
import type { TypeLookup } from './schema.ts';
import { applyStrategicPatch } from './strategic.ts';

export type PatchKind = 'json' | 'merge' | 'strategic' | 'apply';

/** The PATCH Content-Type of each kind. */
export const PATCH_CONTENT_TYPES: Record<string, PatchKind> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

function decode(kind: PatchKind, body: unknown): unknown {
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) return body;
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  try {
    // Apply bodies are YAML (a superset of JSON); the other kinds are JSON.
    return kind === 'apply' ? yaml.load(text) : JSON.parse(text);
  } catch (e) {
    throw badRequest(`error decoding patch: ${(e as Error).message}`);
  }
}

/**
 * Returns the patched copy of `original` (which is left untouched). `patchBody` may be the raw
 * request body (string or bytes) or an already decoded value. `typeName` names the object's TypeDef
 * for strategic patches; an unknown type falls back to merge semantics.
 * Throws PatchError (400 or 422) when the patch is malformed or does not apply.
 */
export function applyPatch(kind: PatchKind, original: unknown, patchBody: unknown, typeLookup: TypeLookup, typeName: string): unknown {
  const patch = decode(kind, patchBody);
  switch (kind) {
    case 'json':
      return applyJsonPatch(original, patch);
    case 'merge':
      return applyMergePatch(original, patch);
    case 'strategic':
      return applyStrategicPatch(original, patch, typeLookup, typeName);
    case 'apply':
      // Approximation of server-side apply: the applied configuration is strategically merged into
      // the live object. Real SSA also tracks field managers (managedFields), removes fields the
      // same manager applied before and dropped, and reports conflicts; none of that happens here.
      return applyStrategicPatch(original ?? {}, patch, typeLookup, typeName);
  }
}

export { PatchError } from './errors.ts';
export { type TypeLookup, fieldMeta } from './schema.ts';
export { applyJsonPatch } from './json.ts';
export { applyMergePatch, mergePatch } from './merge.ts';
export { applyStrategicPatch } from './strategic.ts';
