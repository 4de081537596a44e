// The REST operations of one group-version, one per verb of each resource and subresource, laid out as
// upstream's installer does: collection and item paths, list/watch through the ?watch query, the four
// PATCH body types, and x-kubernetes-action / x-kubernetes-group-version-kind on every operation.
import type { ResourceType, Subresource } from '../schema/types.ts';
import { type OpenAPISource, listTypeName, subresourceTypeName } from './kinds.ts';
import * as P from './parameters.ts';
import { type GVK, type JSONSchema, PATCH, refTo } from './schemas.ts';

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const STATUS = `${META}.Status`;
const DELETE_OPTIONS = `${META}.DeleteOptions`;

const OBJECT_TYPES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
const LIST_TYPES = [...OBJECT_TYPES, 'application/json;stream=watch', 'application/vnd.kubernetes.protobuf;stream=watch'];
const PATCH_TYPES = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'];
/** Subresources that upgrade to a stream (SPDY/WebSocket) rather than exchange an object. */
const CONNECT = new Set(['attach', 'exec', 'portforward', 'proxy']);
const METHOD_OF_VERB: Record<string, string> = { get: 'get', create: 'post', update: 'put', patch: 'patch', delete: 'delete' };

interface Ctx {
  source: OpenAPISource;
  /** Named types the operations refer to; the caller adds them (and what they reach) to components. */
  refs: Set<string>;
  r: ResourceType;
  gvk: GVK;
  tag: string;
  /** e.g. 'AppsV1' in readAppsV1NamespacedDeployment. */
  idBase: string;
  scope: string;
}

export function resourcePaths(source: OpenAPISource, r: ResourceType, refs: Set<string>): Record<string, JSONSchema> {
  const groupPart = r.group === '' ? 'core' : camel(r.group.replace(/\.k8s\.io$/, ''));
  const ctx: Ctx = {
    source,
    refs,
    r,
    gvk: { group: r.group, version: r.version, kind: r.kind },
    tag: `${groupPart}_${r.version}`,
    idBase: upperFirst(groupPart) + upperFirst(r.version),
    scope: r.namespaced ? 'Namespaced' : '',
  };
  const prefix = r.group === '' ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`;
  const collection = `${prefix}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.plural}`;
  const scopeParams = r.namespaced ? [P.NAMESPACE, P.PRETTY] : [P.PRETTY];
  const out: Record<string, JSONSchema> = {};
  const has = (v: string) => r.verbs.includes(v);

  const collectionOps = {
    ...(has('list') && { get: listOp(ctx, `list${ctx.idBase}${ctx.scope}${r.kind}`) }),
    ...(has('create') && { post: writeOp(ctx, 'post', `create${ctx.idBase}${ctx.scope}${r.kind}`, r.typeName, P.WRITE) }),
    ...(has('deletecollection') && { delete: deleteOp(ctx, 'deletecollection', `delete${ctx.idBase}Collection${ctx.scope}${r.kind}`, [...P.DELETE, ...P.LIST]) }),
  };
  if (Object.keys(collectionOps).length > 0) out[collection] = { parameters: scopeParams, ...collectionOps };
  if (r.namespaced && has('list')) out[`${prefix}/${r.plural}`] = { parameters: [P.PRETTY], get: listOp(ctx, `list${ctx.idBase}${r.kind}ForAllNamespaces`) };

  const id = (verb: string, sub = '') => `${verb}${ctx.idBase}${ctx.scope}${r.kind}${upperFirst(sub)}`;
  const itemOps = objectOps(ctx, r.verbs, r.typeName, ctx.gvk, id);
  const itemParams = [P.NAME, ...scopeParams];
  if (Object.keys(itemOps).length > 0) out[`${collection}/{name}`] = { parameters: itemParams, ...itemOps };
  if (has('delete')) (out[`${collection}/{name}`] ??= { parameters: itemParams }).delete = deleteOp(ctx, 'delete', id('delete'), P.DELETE);

  for (const s of r.subresources) out[`${collection}/{name}/${s.name}`] = { parameters: itemParams, ...subresourceOps(ctx, s, id) };
  return out;
}

/** get/put/patch/post on one object (or a subresource that exchanges one). */
function objectOps(ctx: Ctx, verbs: string[], typeName: string | undefined, gvk: GVK, id: (verb: string, sub?: string) => string, sub = ''): Record<string, JSONSchema> {
  const ops: Record<string, JSONSchema> = {};
  if (verbs.includes('get')) ops.get = op(ctx, 'get', id('read', sub), gvk, { parameters: [], responses: ok(body(ctx, typeName)) });
  if (verbs.includes('update')) ops.put = withGVK(writeOp(ctx, 'put', id('replace', sub), typeName, P.WRITE), gvk);
  if (verbs.includes('patch')) ops.patch = withGVK(patchOp(ctx, id('patch', sub), typeName), gvk);
  if (sub && verbs.includes('create')) ops.post = withGVK(writeOp(ctx, 'post', id('create', sub), typeName, P.WRITE), gvk);
  return ops;
}

function subresourceOps(ctx: Ctx, s: Subresource, id: (verb: string, sub?: string) => string): Record<string, JSONSchema> {
  const gvk: GVK = s.kind ? { group: s.group ?? ctx.r.group, version: s.version ?? ctx.r.version, kind: s.kind } : ctx.gvk;
  if (CONNECT.has(s.name)) return connectOps(ctx, s, gvk);
  if (s.name === 'log') {
    const text = { content: { 'text/plain': { schema: { type: 'string' } } }, description: 'OK' };
    return { get: op(ctx, 'get', id('read', 'log'), gvk, { parameters: P.LOG, responses: { '200': text } }) };
  }
  return objectOps(ctx, s.verbs, subresourceTypeName(ctx.source, ctx.r, s), gvk, id, s.name);
}

function connectOps(ctx: Ctx, s: Subresource, gvk: GVK): Record<string, JSONSchema> {
  const ops: Record<string, JSONSchema> = {};
  for (const verb of s.verbs) {
    const method = METHOD_OF_VERB[verb];
    if (!method) continue;
    const id = `connect${ctx.idBase}${upperFirst(method)}${ctx.scope}${ctx.r.kind}${upperFirst(s.name)}`;
    const responses = { '200': { content: { '*/*': { schema: { type: 'string' } } }, description: 'OK' } };
    // Tagged with the options kind (PodExecOptions), never the parent's, so kubectl's search for the
    // parent kind's PATCH operation does not land here.
    ops[method] = op(ctx, 'connect', id, s.kind ? gvk : undefined, { parameters: [], responses });
  }
  return ops;
}

function listOp(ctx: Ctx, id: string): JSONSchema {
  const content = Object.fromEntries(LIST_TYPES.map((t) => [t, { schema: ref(ctx, listTypeName(ctx.r)) }]));
  return op(ctx, 'list', id, ctx.gvk, { parameters: P.LIST, responses: { '200': { content, description: 'OK' } } });
}

function writeOp(ctx: Ctx, action: 'post' | 'put', id: string, typeName: string | undefined, parameters: JSONSchema[]): JSONSchema {
  const schema = body(ctx, typeName);
  const responses = { ...ok(schema), '201': response(schema, 'Created'), ...(action === 'post' && { '202': response(schema, 'Accepted') }) };
  return op(ctx, action, id, ctx.gvk, { parameters, requestBody: { content: { '*/*': { schema } }, required: true }, responses });
}

function patchOp(ctx: Ctx, id: string, typeName: string | undefined): JSONSchema {
  const schema = body(ctx, typeName);
  const patchBody = ref(ctx, PATCH);
  const types = ctx.r.custom ? PATCH_TYPES.filter((t) => t !== 'application/strategic-merge-patch+json') : PATCH_TYPES;
  const requestBody = { content: Object.fromEntries(types.map((t) => [t, { schema: patchBody }])), required: true };
  return op(ctx, 'patch', id, ctx.gvk, { parameters: P.PATCH, requestBody, responses: { ...ok(schema), '201': response(schema, 'Created') } });
}

function deleteOp(ctx: Ctx, action: 'delete' | 'deletecollection', id: string, parameters: JSONSchema[]): JSONSchema {
  const status = ref(ctx, STATUS);
  const requestBody = { content: { '*/*': { schema: ref(ctx, DELETE_OPTIONS) } } };
  const responses = { ...ok(status), ...(action === 'delete' && { '202': response(status, 'Accepted') }) };
  return op(ctx, action, id, ctx.gvk, { parameters, requestBody, responses });
}

function op(ctx: Ctx, action: string, operationId: string, gvk: GVK | undefined, rest: JSONSchema): JSONSchema {
  const out: JSONSchema = { tags: [ctx.tag], operationId, ...rest, 'x-kubernetes-action': action };
  return gvk ? withGVK(out, gvk) : out;
}

function withGVK(operation: JSONSchema, gvk: GVK): JSONSchema {
  return { ...operation, 'x-kubernetes-group-version-kind': gvk };
}

function ok(schema: JSONSchema): Record<string, JSONSchema> {
  return { '200': response(schema, 'OK'), '401': { description: 'Unauthorized' } };
}

function response(schema: JSONSchema, description: string): JSONSchema {
  return { content: Object.fromEntries(OBJECT_TYPES.map((t) => [t, { schema }])), description };
}

/** A body's schema: its named type when the registry defines it, else any object. */
function body(ctx: Ctx, typeName: string | undefined): JSONSchema {
  return typeName ? ref(ctx, typeName) : { type: 'object' };
}

/** A $ref the document can resolve: to a registry or well-known type, or an open object when there is none. */
function ref(ctx: Ctx, name: string): JSONSchema {
  if (name !== PATCH && name !== listTypeName(ctx.r) && !ctx.source.type(name)) return { type: 'object' };
  ctx.refs.add(name);
  return refTo(name);
}

function camel(group: string): string {
  return group.split(/[.-]/).map((part, i) => (i === 0 ? part : upperFirst(part))).join('');
}

function upperFirst(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
