// JSON Merge Patch (RFC 7386, application/merge-patch+json): objects merge key by key, null
// deletes, everything else (lists included) replaces.

import { badRequest } from './errors.ts';

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredClone(patch);
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** A Kubernetes merge patch must be an object: a bare value would replace the whole resource. */
export function applyMergePatch(original: unknown, patch: unknown): unknown {
  if (!isObject(patch)) throw badRequest('merge patch must be a JSON object');
  return mergePatch(structuredClone(original), patch);
}
