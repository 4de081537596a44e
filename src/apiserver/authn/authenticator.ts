// The request authenticator: a client certificate first, then a bearer token, as upstream's union
// authenticator: the first identity found wins; credentials that were offered and refused make the
// request fail (401) unless another credential succeeds; no credentials at all mean anonymous.
import { authenticateClientCertificate } from './x509.ts';
import { TokenAuthenticators, bearerToken } from './tokens.ts';
import type { AuthRequest, AuthResult } from './types.ts';

export class Authenticator {
  constructor(readonly tokens: TokenAuthenticators = new TokenAuthenticators()) {}

  async authenticate(req: AuthRequest): Promise<AuthResult> {
    const errors: string[] = [];
    const fromCert = authenticateClientCertificate(req.socket);
    if (fromCert && 'user' in fromCert) return fromCert;
    if (fromCert && 'error' in fromCert) errors.push(fromCert.error);

    const token = bearerToken(req.headers);
    if (token !== undefined) {
      const fromToken = await this.tokens.authenticate(token);
      if ('user' in fromToken) return fromToken;
      errors.push(fromToken.error);
    }
    return errors.length > 0 ? { error: errors.join('; ') } : { anonymous: true };
  }
}
