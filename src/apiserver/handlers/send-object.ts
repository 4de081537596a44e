import { apiVersionOf } from '../objects/lifecycle.ts';
import type { KubeObject } from '../objects/codec.ts';
import { query, type RequestContext } from '../context.ts';
import { sendJSON } from '../respond.ts';
import { buildTable, includeObjectMode, wantsTable } from '../table.ts';

/** Sends one object (as a Table when asked), with any Warning headers the request collected. */
export function sendObject(ctx: RequestContext, code: number, obj: KubeObject): void {
  obj.apiVersion = apiVersionOf(ctx.rt);
  obj.kind = ctx.rt.kind;
  const headers: Record<string, string> = {};
  if (ctx.warnings.length > 0) {
    ctx.res.setHeader('Warning', ctx.warnings.map((w) => `299 - ${warningText(w)}`));
  }
  if (wantsTable(ctx.req.headers)) {
    const table = buildTable(ctx.rt, [obj], { resourceVersion: obj.metadata.resourceVersion! }, includeObjectMode(query(ctx, 'includeObject')), ctx.deps.now());
    sendJSON(ctx.res, code, table, headers);
    return;
  }
  sendJSON(ctx.res, code, obj, headers);
}

/**
 * A quoted warning as a header value. Node refuses characters above U+00FF in headers, so the UTF-8
 * bytes go out one per latin1 character — the bytes Go's net/http would send for the same text — and
 * DEL, which JSON leaves raw, is escaped.
 */
export function warningText(text: string): string {
  return Buffer.from(JSON.stringify(text).replace(/\x7f/g, '\\u007f'), 'utf8').toString('latin1');
}
