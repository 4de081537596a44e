// Create-only review kinds, answered and never stored: `kubectl auth whoami` (SelfSubjectReview) and
// `kubectl auth can-i` (SelfSubjectAccessReview), and TokenReview. Until RBAC lands every authenticated user may do
// everything, so access reviews answer allowed.
import type { RequestContext } from '../context.ts';
import { sendJSON } from '../respond.ts';
import { errors } from '../status.ts';
import { apiVersionOf, checkTypeMeta } from '../objects/lifecycle.ts';
import { decodeObject } from './decode.ts';
import { reviewToken } from './tokens.ts';

export async function review(ctx: RequestContext): Promise<void> {
  const { rt, user } = ctx;
  if (rt.kind === 'TokenReview') {
    sendJSON(ctx.res, 201, { ...(await reviewToken(ctx)), apiVersion: apiVersionOf(rt), kind: rt.kind });
    return;
  }
  const obj = await decodeObject(ctx);
  checkTypeMeta(rt, obj);
  const userInfo = { username: user.name, ...(user.uid ? { uid: user.uid } : {}), groups: user.groups };
  switch (rt.kind) {
    case 'SelfSubjectReview':
      obj.status = { userInfo };
      break;
    case 'SelfSubjectAccessReview':
    case 'SubjectAccessReview':
    case 'LocalSubjectAccessReview':
      obj.status = { allowed: true, reason: 'kites allows every authenticated user until RBAC is enabled' };
      break;
    default:
      throw errors.methodNotAllowed(`${rt.kind} cannot be created on this server`);
  }
  sendJSON(ctx.res, 201, { ...obj, apiVersion: apiVersionOf(rt), kind: rt.kind });
}
