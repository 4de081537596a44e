// serviceaccounts/NAME/token (TokenRequest, `kubectl create token`) and TokenReview.
import { issueServiceAccountToken, DEFAULT_AUDIENCES } from '../serviceaccount/tokens.ts';
import { rfc3339 } from '../objects/lifecycle.ts';
import type { RequestContext } from '../context.ts';
import { sendJSON } from '../respond.ts';
import { errors } from '../status.ts';
import { decodeObject } from './decode.ts';

/** Upstream's default and minimum token lifetimes. */
const DEFAULT_EXPIRATION_S = 3600;
const MIN_EXPIRATION_S = 600;

export async function requestToken(ctx: RequestContext): Promise<void> {
  const { deps, info } = ctx;
  const key = deps.serviceAccountKey;
  if (!key) throw errors.unavailable('service-account tokens are not configured on this server');
  const request = await decodeObject(ctx, 'io.k8s.api.authentication.v1.TokenRequest');
  const spec = (request.spec ?? {}) as { audiences?: string[]; expirationSeconds?: number };
  const expirationSeconds = spec.expirationSeconds ?? DEFAULT_EXPIRATION_S;
  if (!Number.isInteger(expirationSeconds) || expirationSeconds < MIN_EXPIRATION_S) {
    throw errors.invalid('authentication.k8s.io', 'TokenRequest', info.name!, [
      { reason: 'FieldValueInvalid', field: 'spec.expirationSeconds', message: `Invalid value: ${expirationSeconds}: may not specify a duration less than 10 minutes` },
    ]);
  }
  const account = await deps.store.get(ctx.rt, info.namespace, info.name!);
  const audiences = spec.audiences?.length ? spec.audiences : DEFAULT_AUDIENCES;
  const { token, expiresAt } = await issueServiceAccountToken(key, { namespace: info.namespace!, name: info.name!, uid: account.metadata.uid! }, { audiences, expirationSeconds, now: deps.now() });
  sendJSON(ctx.res, 201, {
    kind: 'TokenRequest',
    apiVersion: 'authentication.k8s.io/v1',
    metadata: { name: info.name, namespace: info.namespace, creationTimestamp: null },
    spec: { ...spec, audiences, expirationSeconds },
    status: { token, expirationTimestamp: rfc3339(expiresAt) },
  });
}

export async function reviewToken(ctx: RequestContext): Promise<Record<string, unknown>> {
  const review = await decodeObject(ctx);
  const token = (review.spec as { token?: string } | undefined)?.token;
  if (!token) throw errors.invalid('authentication.k8s.io', 'TokenReview', '', [{ reason: 'FieldValueRequired', field: 'spec.token', message: 'Required value' }]);
  const result = await ctx.deps.tokens.authenticate(token);
  const status = 'user' in result
    ? { authenticated: true, user: { username: result.user.name, ...(result.user.uid ? { uid: result.user.uid } : {}), groups: result.user.groups }, audiences: DEFAULT_AUDIENCES }
    : { authenticated: false, error: result.error, user: {} };
  return { ...review, status };
}
