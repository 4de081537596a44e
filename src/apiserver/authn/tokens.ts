// Bearer tokens: the Authorization header is read once, then offered to each registered token
// authenticator in registration order, as upstream's union token authenticator does.
import type { IncomingHttpHeaders } from 'node:http';
import type { TokenAuthenticator, TokenResult } from './types.ts';

/** The token of an `Authorization: Bearer …` header; the scheme is case-insensitive (RFC 7235). */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const match = /^bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  return match?.[1];
}

export class TokenAuthenticators {
  readonly #byName = new Map<string, TokenAuthenticator>();

  register(authenticator: TokenAuthenticator): void {
    if (this.#byName.has(authenticator.name)) throw new Error(`token authenticator "${authenticator.name}" is already registered`);
    this.#byName.set(authenticator.name, authenticator);
  }

  names(): string[] {
    return [...this.#byName.keys()];
  }

  /** The first identity any authenticator finds; else the errors they gave; else "invalid bearer token". */
  async authenticate(token: string): Promise<Exclude<TokenResult, undefined>> {
    const errors: string[] = [];
    for (const authenticator of this.#byName.values()) {
      const result = await authenticator.authenticateToken(token);
      if (result === undefined) continue;
      if ('user' in result) return result;
      errors.push(result.error);
    }
    return { error: errors.length > 0 ? errors.join('; ') : 'invalid bearer token' };
  }
}
