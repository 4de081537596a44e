// DELETE of one object and of a collection: preconditions, grace periods (pods on a node wait for
// their agent), propagation policy finalizers (foregroundDeletion, orphan) for the garbage collector,
// and deletionTimestamp while finalizers remain.
import type { ResourceType } from '../../api/schema/types.ts';
import type { KubeObject } from '../objects/codec.ts';
import { rfc3339 } from '../objects/lifecycle.ts';
import { isDryRun, query, type RequestContext } from '../context.ts';
import { sendJSON } from '../respond.ts';
import { ApiError, errors } from '../status.ts';
import { decodeValue } from './decode.ts';
import { objectFilter } from './filter.ts';
import { readyToRemove } from './finalize.ts';
import { sendObject } from './send-object.ts';

interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
}

async function deleteOptions(ctx: RequestContext): Promise<DeleteOptions> {
  const length = Number(ctx.req.headers['content-length'] ?? 0);
  const chunked = ctx.req.headers['transfer-encoding'] !== undefined;
  const body = length > 0 || chunked ? ((await decodeValue(ctx)) as DeleteOptions | null) ?? {} : {};
  if (typeof body !== 'object' || Array.isArray(body)) throw errors.badRequest('the delete options must be an object');
  const options: DeleteOptions = { ...body };
  const grace = query(ctx, 'gracePeriodSeconds');
  if (grace !== undefined) options.gracePeriodSeconds = Number(grace);
  const policy = query(ctx, 'propagationPolicy');
  if (policy !== undefined) options.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
  if (options.propagationPolicy && !['Orphan', 'Background', 'Foreground'].includes(options.propagationPolicy)) {
    throw errors.badRequest(`propagationPolicy must be Orphan, Background or Foreground; got "${options.propagationPolicy}"`);
  }
  if (options.gracePeriodSeconds !== undefined && !(Number.isInteger(options.gracePeriodSeconds) && options.gracePeriodSeconds >= 0)) {
    throw errors.badRequest(`gracePeriodSeconds must be a non-negative integer`);
  }
  return options;
}

/** The grace period the object gets: pods bound to a node wait for their agent; everything else goes now. */
function gracePeriod(rt: ResourceType, obj: KubeObject, options: DeleteOptions): number {
  if (!(rt.group === '' && rt.kind === 'Pod')) return 0;
  const spec = (obj.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
  const phase = (obj.status as { phase?: string } | undefined)?.phase;
  if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
  return options.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
}

function finalizerFor(options: DeleteOptions): string | undefined {
  if (options.propagationPolicy === 'Foreground') return 'foregroundDeletion';
  if (options.propagationPolicy === 'Orphan' || (options.propagationPolicy === undefined && options.orphanDependents)) return 'orphan';
  return undefined;
}

/** Marks `current` as being deleted per the options (preconditions, finalizers, grace period). */
function markDeleting(ctx: RequestContext, current: KubeObject, options: DeleteOptions): KubeObject {
  const { rt, deps } = ctx;
  const name = current.metadata.name!;
  const pre = options.preconditions ?? {};
  if (pre.uid && pre.uid !== current.metadata.uid) {
    throw errors.conflict(rt.group, rt.plural, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`);
  }
  if (pre.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
    throw errors.conflict(rt.group, rt.plural, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`);
  }
  const meta = current.metadata;
  const finalizer = finalizerFor(options);
  if (finalizer && !meta.finalizers?.includes(finalizer)) meta.finalizers = [...(meta.finalizers ?? []), finalizer];
  const grace = gracePeriod(rt, current, options);
  // A shorter grace period shortens a pending deletion, as upstream allows; a longer one changes nothing.
  if (!meta.deletionTimestamp || meta.deletionGracePeriodSeconds === undefined || grace < meta.deletionGracePeriodSeconds) {
    meta.deletionTimestamp = rfc3339(new Date(deps.now().getTime() + grace * 1000));
    meta.deletionGracePeriodSeconds = grace;
  }
  if (rt.group === '' && rt.kind === 'Namespace') current.status = { ...(current.status as object), phase: 'Terminating' };
  return current;
}

/**
 * Deletes one object at once when nothing holds it, else records the deletion (deletionTimestamp,
 * finalizers) for the holders to finish. Returns what the client is told and whether it is gone.
 */
export async function deleteObject(ctx: RequestContext, name: string, options: DeleteOptions): Promise<{ object: KubeObject; gone: boolean }> {
  const { rt, deps, info } = ctx;
  const dryRun = isDryRun(ctx);
  for (;;) {
    const current = await deps.store.get(rt, info.namespace, name);
    const marked = markDeleting(ctx, structuredClone(current), options);
    if (readyToRemove(rt, marked)) {
      if (dryRun) return { object: current, gone: true };
      try {
        return { object: await deps.store.delete(rt, info.namespace, name, Number(current.metadata.resourceVersion)), gone: true };
      } catch (err) {
        if (err instanceof ApiError && err.code === 409) continue;
        throw err;
      }
    }
    const { object } = await deps.store.update(rt, info.namespace, name, (fresh) => markDeleting(ctx, fresh, options), { dryRun });
    if (!readyToRemove(rt, object) || dryRun) return { object, gone: false };
  }
}

export async function deleteOne(ctx: RequestContext): Promise<void> {
  const { rt } = ctx;
  const { object, gone } = await deleteObject(ctx, ctx.info.name!, await deleteOptions(ctx));
  if (gone && !(rt.group === '' && rt.kind === 'Pod')) {
    sendJSON(ctx.res, 200, {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: object.metadata.name, group: rt.group || undefined, kind: rt.plural, uid: object.metadata.uid },
    });
    return;
  }
  sendObject(ctx, 200, object);
}

export async function deleteCollection(ctx: RequestContext): Promise<void> {
  const { rt, deps } = ctx;
  const options = await deleteOptions(ctx);
  const filter = objectFilter(rt, query(ctx, 'labelSelector'), query(ctx, 'fieldSelector'));
  const page = await deps.store.list(rt, ctx.info.namespace, { filter });
  const items: KubeObject[] = [];
  for (const obj of page.items) {
    try {
      items.push((await deleteObject({ ...ctx, info: { ...ctx.info, namespace: obj.metadata.namespace } }, obj.metadata.name!, options)).object);
    } catch (err) {
      // Someone else deleted it meanwhile: that is the outcome we wanted.
      if (!(err instanceof ApiError && err.code === 404)) throw err;
    }
  }
  sendJSON(ctx.res, 200, { kind: rt.listKind, apiVersion: rt.group ? `${rt.group}/${rt.version}` : rt.version, metadata: { resourceVersion: String(page.revision) }, items });
}
