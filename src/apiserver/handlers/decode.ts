// Request bodies become objects: JSON, YAML or protobuf, checked for unknown fields.
import { decodeProtobufBody } from '../../api/protobuf/index.ts';
import { asObjectBody, bodyFormat, parseText, readBody } from '../body.ts';
import type { KubeObject } from '../objects/codec.ts';
import { query, type RequestContext } from '../context.ts';
import { checkFieldTypes } from '../field-types.ts';
import { isCustomResource } from '../crd/admission.ts';
import { checkUnknownFields, fieldValidationMode } from '../field-validation.ts';
import { errors } from '../status.ts';

/** The decoded body value (object, array, …) — for patches and options. */
export async function decodeValue(ctx: RequestContext): Promise<unknown> {
  const body = await readBody(ctx.req);
  const format = bodyFormat(ctx.req.headers['content-type']);
  if (format !== 'protobuf') return parseText(body, format);
  const registry = ctx.deps.registry;
  try {
    return decodeProtobufBody(body, registry, (apiVersion, kind) => {
      const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
      // client-go labels DeleteOptions with the group-version of the resource being deleted.
      if (kind === 'DeleteOptions') return DELETE_OPTIONS;
      return registry.resourceForKind(group!, version!, kind)?.typeName ?? protobufOnlyKinds[`${apiVersion}/${kind}`];
    }).object;
  } catch (err) {
    throw errors.badRequest(`error decoding protobuf body: ${(err as Error).message}`);
  }
}

/** Kinds that arrive as protobuf bodies without being resources of their own. */
const DELETE_OPTIONS = 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions';
const protobufOnlyKinds: Record<string, string> = {
  'policy/v1/Eviction': 'io.k8s.api.policy.v1.Eviction',
  'authentication.k8s.io/v1/TokenRequest': 'io.k8s.api.authentication.v1.TokenRequest',
  'autoscaling/v1/Scale': 'io.k8s.api.autoscaling.v1.Scale',
  'v1/Binding': 'io.k8s.api.core.v1.Binding',
};

/** An object body of the given type, unknown fields handled per ?fieldValidation. */
export async function decodeObject(ctx: RequestContext, typeName = ctx.rt.typeName): Promise<KubeObject> {
  const obj = asObjectBody(await decodeValue(ctx)) as KubeObject;
  // A custom object is unstructured JSON: a wrong type is its schema's 422, not a decoding error.
  if (!(typeName === ctx.rt.typeName && isCustomResource(ctx.rt))) checkFieldTypes(obj, typeName, ctx.deps.registry, ctx.rt.version);
  const mode = fieldValidationMode(query(ctx, 'fieldValidation'));
  ctx.warnings.push(...checkUnknownFields(mode, obj, typeName, ctx.deps.registry));
  return obj;
}
