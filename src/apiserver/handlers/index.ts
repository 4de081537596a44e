// Routes a resource request to its handler by method, name and subresource.
import { queryFlag, type RequestContext } from '../context.ts';
import { errors } from '../status.ts';
import { create } from './create.ts';
import { deleteCollection, deleteOne } from './delete.ts';
import { get } from './get.ts';
import { list } from './list.ts';
import { patch } from './patch.ts';
import { bind, evict } from './pod-actions.ts';
import { podExec } from './pod-exec.ts';
import { podLog } from './pod-log.ts';
import { review } from './reviews.ts';
import { getScale, writeScale } from './scale.ts';
import { requestToken } from './tokens.ts';
import { update } from './update.ts';
import { watch } from './watch.ts';

type Handler = (ctx: RequestContext) => Promise<void>;

const subresourceHandlers: Record<string, Partial<Record<string, Handler>>> = {
  status: { GET: get, PUT: update, PATCH: patch },
  finalize: { PUT: update },
  scale: { GET: getScale, PUT: writeScale, PATCH: writeScale },
  binding: { POST: bind },
  eviction: { POST: evict },
  token: { POST: requestToken },
  log: { GET: podLog },
  exec: { GET: podExec, POST: podExec },
};

export function resourceHandler(ctx: RequestContext): Handler {
  const { info, rt, url } = ctx;
  const method = ctx.req.method ?? 'GET';
  const isWatch = info.legacyWatch || queryFlag(url.searchParams, 'watch');
  if (info.subresource) {
    const declared = rt.subresources.find((s) => s.name === info.subresource);
    const handler = subresourceHandlers[info.subresource]?.[method];
    if (!declared) throw errors.notFound(rt.group, `${rt.plural}/${info.subresource}`, info.name!);
    if (!handler) throw errors.methodNotAllowed(`the server does not allow this method on the requested resource (${method} ${rt.plural}/${info.subresource})`);
    return handler;
  }
  if (rt.virtual) {
    if (method === 'POST' && !info.name) return review;
    throw errors.methodNotAllowed(`the server does not allow this method on the requested resource (${method} ${rt.plural})`);
  }
  if (info.name) {
    if (isWatch) return watch;
    switch (method) {
      case 'GET':
        return get;
      case 'PUT':
        return update;
      case 'PATCH':
        return patch;
      case 'DELETE':
        return deleteOne;
    }
  } else {
    switch (method) {
      case 'GET':
        return isWatch ? watch : list;
      case 'POST':
        return create;
      case 'DELETE':
        return deleteCollection;
    }
  }
  throw errors.methodNotAllowed(`the server does not allow this method on the requested resource (${method} ${rt.plural})`);
}
