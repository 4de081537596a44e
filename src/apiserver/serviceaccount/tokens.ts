// Service-account tokens: ES256 JWTs with upstream's claims (iss, sub system:serviceaccount:NS:NAME,
// aud, exp, and the kubernetes.io private claim naming the account and its uid), issued through
// serviceaccounts/NAME/token and accepted as bearer tokens.
import type { ServiceAccountKey } from '../pki/service-account-key.ts';
import type { TokenAuthenticator, TokenResult } from '../authn/types.ts';
import { withAuthenticatedGroup } from '../authn/types.ts';

/** The JWT library is loaded on first use: most servers never see a service-account token at start. */
const loadJose = () => import('jose');

export const ISSUER = 'https://kubernetes.default.svc.cluster.local';
/** Upstream's default audience: the API server itself. */
export const DEFAULT_AUDIENCES = [ISSUER];

export interface TokenSubject {
  namespace: string;
  name: string;
  uid: string;
}

export async function issueServiceAccountToken(
  key: ServiceAccountKey,
  subject: TokenSubject,
  options: { audiences: string[]; expirationSeconds: number; now: Date },
): Promise<{ token: string; expiresAt: Date }> {
  const { SignJWT } = await loadJose();
  const iat = Math.floor(options.now.getTime() / 1000);
  const exp = iat + options.expirationSeconds;
  const token = await new SignJWT({ 'kubernetes.io': { namespace: subject.namespace, serviceaccount: { name: subject.name, uid: subject.uid } } })
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer(ISSUER)
    .setSubject(`system:serviceaccount:${subject.namespace}:${subject.name}`)
    .setAudience(options.audiences)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(exp)
    .sign(key.privateKey);
  return { token, expiresAt: new Date(exp * 1000) };
}

/**
 * Accepts tokens this server signed while the account they name still exists with the same uid
 * (so deleting an account revokes its tokens, as upstream's legacy check does).
 */
export function serviceAccountTokenAuthenticator(
  key: ServiceAccountKey,
  accountUid: (namespace: string, name: string) => Promise<string | undefined>,
  now: () => Date = () => new Date(),
): TokenAuthenticator {
  return {
    name: 'service-account',
    async authenticateToken(token: string): Promise<TokenResult> {
      if (token.split('.').length !== 3) return undefined;
      const { jwtVerify } = await loadJose();
      let payload;
      try {
        ({ payload } = await jwtVerify(token, key.publicKey, { issuer: ISSUER, currentDate: now() }));
      } catch {
        return undefined;
      }
      const claim = payload['kubernetes.io'] as { namespace?: string; serviceaccount?: { name?: string; uid?: string } } | undefined;
      const namespace = claim?.namespace;
      const name = claim?.serviceaccount?.name;
      if (!namespace || !name) return { error: 'service account token lacks its kubernetes.io claim' };
      const uid = await accountUid(namespace, name);
      if (!uid || uid !== claim.serviceaccount?.uid) return { error: `service account ${namespace}/${name} has been deleted` };
      return {
        user: {
          name: `system:serviceaccount:${namespace}:${name}`,
          uid,
          groups: withAuthenticatedGroup(['system:serviceaccounts', `system:serviceaccounts:${namespace}`]),
        },
      };
    },
  };
}
