// Who made a request, in the shape of upstream's user.Info (k8s.io/apiserver/pkg/authentication/user).
import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';

export interface UserInfo {
  name: string;
  uid?: string;
  groups: string[];
}

/**
 * The outcome for one request: an identity, no credentials at all, or credentials that were
 * presented but not accepted (the server answers 401 to the last two; RBAC will later decide
 * what anonymous requests may do).
 */
export type AuthResult = { user: UserInfo } | { anonymous: true } | { error: string };

/** What authentication reads from a request; http.IncomingMessage satisfies it. */
export interface AuthRequest {
  socket: Socket;
  headers: IncomingHttpHeaders;
}

/** undefined: the token is not one this authenticator knows, so the next one may try. */
export type TokenResult = { user: UserInfo } | { error: string } | undefined;

/** One kind of bearer token (the node join token, later service-account tokens…). */
export interface TokenAuthenticator {
  /** Unique name in the registry, e.g. 'node-token'. */
  readonly name: string;
  authenticateToken(token: string): TokenResult | Promise<TokenResult>;
}

/** Every authenticated identity is also in this group, as upstream adds it. */
export const authenticatedGroup = 'system:authenticated';

export function withAuthenticatedGroup(groups: readonly string[]): string[] {
  return groups.includes(authenticatedGroup) ? [...groups] : [...groups, authenticatedGroup];
}
