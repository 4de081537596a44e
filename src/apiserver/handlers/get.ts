// GET of one object (and of its status subresource, which is the same object).
import type { RequestContext } from '../context.ts';
import { sendObject } from './send-object.ts';

export async function get(ctx: RequestContext): Promise<void> {
  const obj = await ctx.deps.store.get(ctx.rt, ctx.info.namespace, ctx.info.name!);
  sendObject(ctx, 200, obj);
}
