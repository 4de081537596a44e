// POST to a collection: decode, check type and namespace, identity and defaults, validate, store. 201.
import { addDefaultTolerations, admitPriority, admitServiceAccount, checkNamespaceLifecycle, defaultAndValidate } from '../admission.ts';
import { checkNamespace, checkTypeMeta, prepareForCreate } from '../objects/lifecycle.ts';
import { isDryRun, isService, type RequestContext } from '../context.ts';
import { errors } from '../status.ts';
import { decodeObject } from './decode.ts';
import { sendObject } from './send-object.ts';

/** Events expire an hour after their last write, as upstream's --event-ttl default. */
const EVENT_TTL_SECONDS = 3600;

export async function create(ctx: RequestContext): Promise<void> {
  const { rt, deps } = ctx;
  const obj = await decodeObject(ctx);
  checkTypeMeta(rt, obj);
  checkNamespace(rt, obj, ctx.info.namespace);
  if (!obj.metadata.name && !obj.metadata.generateName) {
    throw errors.invalid(rt.group, rt.kind, '', [{ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }]);
  }
  await checkNamespaceLifecycle(deps, rt, obj.metadata.namespace);
  prepareForCreate(rt, obj, deps.now());
  addDefaultTolerations(rt, obj, deps.admission);
  admitServiceAccount(rt, obj);
  await admitPriority(deps, rt, obj);
  defaultAndValidate(rt, obj);
  const ttlSeconds = rt.kind === 'Event' ? EVENT_TTL_SECONDS : undefined;
  const dryRun = isDryRun(ctx);
  const claim = isService(rt) && !dryRun ? await deps.services.allocate(obj) : undefined;
  let created;
  try {
    created = await deps.store.create(rt, obj, { dryRun, ttlSeconds });
  } catch (err) {
    if (claim) await deps.services.releaseClaim(claim);
    throw err;
  }
  sendObject(ctx, 201, created);
}
