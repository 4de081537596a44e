// GET on a collection: label/field selectors, limit/continue at one consistent revision,
// resourceVersion/resourceVersionMatch, and Table output for kubectl.
import { apiVersionOf } from '../objects/lifecycle.ts';
import { query, type RequestContext } from '../context.ts';
import { sendJSON } from '../respond.ts';
import { errors } from '../status.ts';
import { buildTable, includeObjectMode, wantsTable } from '../table.ts';
import { decodeContinue, encodeContinue } from './continue-token.ts';
import { objectFilter } from './filter.ts';
import { parseResourceVersion } from './resource-version.ts';

const INT64_MAX = 2 ** 63 - 1;

export async function list(ctx: RequestContext): Promise<void> {
  const { rt, deps } = ctx;
  const filter = objectFilter(rt, query(ctx, 'labelSelector'), query(ctx, 'fieldSelector'));
  const limitText = query(ctx, 'limit');
  const requested = limitText ? Number(limitText) : 0;
  // limit is an int64 upstream; past 2^53 it is still "everything", which storage can only take as a safe integer.
  if (!Number.isInteger(requested) || requested < 0 || requested > INT64_MAX) throw errors.badRequest(`invalid limit "${limitText}"`);
  const limit = Math.min(requested, Number.MAX_SAFE_INTEGER);
  const continueText = query(ctx, 'continue');
  const rv = parseResourceVersion(query(ctx, 'resourceVersion'));
  const match = query(ctx, 'resourceVersionMatch');
  if (match !== undefined && match !== 'Exact' && match !== 'NotOlderThan') {
    throw errors.badRequest(`resourceVersionMatch must be Exact or NotOlderThan; got "${match}"`);
  }
  if (match && rv === undefined) throw errors.badRequest('resourceVersionMatch is forbidden unless resourceVersion is provided');
  if (continueText && rv !== undefined && rv !== 0) throw errors.badRequest('specifying resource version is not allowed when using continue');

  let revision: number | undefined;
  let position: string | undefined;
  if (continueText) {
    const token = decodeContinue(continueText);
    revision = token.revision;
    position = token.position;
  } else if (match === 'Exact') {
    revision = rv;
  } else if (rv !== undefined && rv > 0) {
    const current = await deps.store.currentRevision();
    if (rv > current) throw errors.timeout(`Too large resource version: ${rv}, current: ${current}`);
  }

  const page = await deps.store.list(rt, ctx.info.namespace, { limit, continue: position, revision, filter });
  const metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number } = { resourceVersion: String(page.revision) };
  if (page.continue) {
    metadata.continue = encodeContinue({ revision: page.revision, position: page.continue });
    if (page.remaining !== undefined) metadata.remainingItemCount = page.remaining;
  }
  if (wantsTable(ctx.req.headers)) {
    sendJSON(ctx.res, 200, buildTable(rt, page.items, metadata, includeObjectMode(query(ctx, 'includeObject')), deps.now()));
    return;
  }
  const apiVersion = apiVersionOf(rt);
  for (const item of page.items) {
    item.apiVersion = apiVersion;
    item.kind = rt.kind;
  }
  sendJSON(ctx.res, 200, { kind: rt.listKind, apiVersion, metadata, items: page.items });
}
