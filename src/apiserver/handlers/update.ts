// PUT of an object (or of its status, or a namespace's finalize): optimistic concurrency on
// metadata.resourceVersion (409 Conflict when stale), generation bump on spec change, and removal of
// an object whose last finalizer was just taken away.
import { checkNamespaceLifecycle, defaultAndValidate } from '../admission.ts';
import { checkNamespace, checkTypeMeta, prepareForCreate, prepareForUpdate } from '../objects/lifecycle.ts';
import type { KubeObject } from '../objects/codec.ts';
import { isDryRun, isService, type RequestContext } from '../context.ts';
import type { Claim } from '../services/strategy.ts';
import { ApiError, errors } from '../status.ts';
import { decodeObject } from './decode.ts';
import { removeIfFinalized } from './finalize.ts';
import { sendObject } from './send-object.ts';

/** Kinds that upstream lets a PUT create (AllowCreateOnUpdate). */
const createOnUpdate = new Set(['/Endpoints', '/Event', 'coordination.k8s.io/Lease', 'rbac.authorization.k8s.io/Role', 'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/RoleBinding', 'rbac.authorization.k8s.io/ClusterRoleBinding']);

export async function update(ctx: RequestContext): Promise<void> {
  const { rt, deps, info } = ctx;
  const body = await decodeObject(ctx);
  checkTypeMeta(rt, body);
  if (body.metadata.name && body.metadata.name !== info.name) {
    throw errors.badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${info.name})`);
  }
  body.metadata.name = info.name;
  checkNamespace(rt, body, info.namespace);
  const result = await writeUpdate(ctx, info.name!, () => structuredClone(body)).catch(async (err: unknown) => {
    if (!(err instanceof ApiError && err.code === 404 && !info.subresource && createOnUpdate.has(`${rt.group}/${rt.kind}`))) throw err;
    await checkNamespaceLifecycle(deps, rt, body.metadata.namespace);
    prepareForCreate(rt, body, deps.now());
    defaultAndValidate(rt, body);
    return { object: await deps.store.create(rt, body, { dryRun: isDryRun(ctx) }), created: true };
  });
  sendObject(ctx, 'created' in result ? 201 : 200, result.object);
}

/**
 * The shared write path of PUT and PATCH: `produce` builds the new object from the current one; a
 * resourceVersion in it pins the update to that version.
 */
export async function writeUpdate(ctx: RequestContext, name: string, produce: (current: KubeObject) => KubeObject | Promise<KubeObject>): Promise<{ object: KubeObject }> {
  const { rt, deps, info } = ctx;
  const dryRun = isDryRun(ctx);
  const allocates = isService(rt) && !dryRun && info.subresource === undefined;
  const claims: Claim[] = [];
  let written: { object: KubeObject; previous: KubeObject };
  try {
    written = await deps.store.update(
      rt,
      info.namespace,
      name,
      async (current) => {
        const next = await produce(structuredClone(current));
        const pinned = next.metadata.resourceVersion;
        if (pinned && pinned !== current.metadata.resourceVersion) {
          throw errors.conflict(rt.group, rt.plural, name, 'the object has been modified; please apply your changes to the latest version and try again');
        }
        prepareForUpdate(rt, next, current, info.subresource);
        defaultAndValidate(rt, next, current);
        if (allocates) claims.push(await deps.services.allocate(next, current));
        return next;
      },
      { dryRun },
    );
  } catch (err) {
    for (const claim of claims) await deps.services.releaseClaim(claim);
    throw err;
  }
  const { object, previous } = written;
  if (allocates) {
    // Earlier attempts lost to a concurrent write; only the stored object's values stay claimed.
    for (const claim of claims) await deps.services.releaseClaim(claim, object);
    await deps.services.releaseUnused(previous, object);
  }
  if (!dryRun) await removeIfFinalized(deps.store, rt, object);
  return { object };
}
