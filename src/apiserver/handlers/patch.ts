// PATCH: JSON patch, JSON merge patch, strategic merge patch (built-in kinds only, as upstream) and
// apply patches, applied to the current object inside the compare-and-swap loop so concurrent writers
// never lose each other's changes.
import { applyPatch, PATCH_CONTENT_TYPES, PatchError, type PatchKind } from '../../api/patch/index.ts';
import { mediaType } from '../body.ts';
import { query, type RequestContext } from '../context.ts';
import { checkTypeMeta } from '../objects/lifecycle.ts';
import type { KubeObject } from '../objects/codec.ts';
import { checkFieldTypes } from '../field-types.ts';
import { isCustomResource } from '../crd/admission.ts';
import { checkUnknownFields, fieldValidationMode } from '../field-validation.ts';
import { errors } from '../status.ts';
import { decodeValue } from './decode.ts';
import { sendObject } from './send-object.ts';
import { writeUpdate } from './update.ts';

export function patchTypeOf(ctx: RequestContext): PatchKind {
  const type = PATCH_CONTENT_TYPES[mediaType(ctx.req.headers['content-type'])];
  if (!type) {
    throw errors.unsupportedMediaType(mediaType(ctx.req.headers['content-type']), Object.keys(PATCH_CONTENT_TYPES).join(', '));
  }
  // Custom resources have no patch strategies, so upstream refuses strategic merge patches for them.
  if (type === 'strategic' && (!ctx.deps.registry.type(ctx.rt.typeName) || isCustomResource(ctx.rt))) {
    throw errors.unsupportedMediaType('application/strategic-merge-patch+json', 'application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml');
  }
  return type;
}

export async function patch(ctx: RequestContext): Promise<void> {
  const { rt, deps, info } = ctx;
  const type = patchTypeOf(ctx);
  const body = await decodeValue(ctx);
  const mode = fieldValidationMode(query(ctx, 'fieldValidation'));
  const { object } = await writeUpdate(ctx, info.name!, (current) => {
    const patched = patchObject(type, current, body, ctx);
    if (!isCustomResource(rt)) checkFieldTypes(patched, rt.typeName, deps.registry, rt.version);
    ctx.warnings.splice(0, ctx.warnings.length, ...checkUnknownFields(mode, patched, rt.typeName, deps.registry));
    checkTypeMeta(rt, patched);
    return patched;
  });
  sendObject(ctx, 200, object);
}

export function patchObject(type: PatchKind, current: KubeObject, body: unknown, ctx: RequestContext): KubeObject {
  // The patch is applied to the object without its resourceVersion, so that a resourceVersion in the
  // patch is a precondition and its absence means "whatever is current".
  delete current.metadata.resourceVersion;
  try {
    const patched = applyPatch(type, current, body, (name) => ctx.deps.registry.type(name), ctx.rt.typeName) as KubeObject;
    if (patched === null || typeof patched !== 'object' || Array.isArray(patched)) throw errors.badRequest('the patch produced something that is not an object');
    if (!patched.metadata || typeof patched.metadata !== 'object') patched.metadata = {};
    return patched;
  } catch (err) {
    if (err instanceof PatchError) throw err.code === 422 ? errors.invalidPatch(err.message) : errors.badRequest(err.message);
    throw err;
  }
}
