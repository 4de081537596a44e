// The node join token (DATA_DIR/node-token) as a bearer credential: whoever holds it acts as a node
// agent. Agents use it to register and, later, to obtain their own system:node:NAME certificates.
import { createHash, timingSafeEqual } from 'node:crypto';
import { withAuthenticatedGroup, type TokenAuthenticator, type UserInfo } from './types.ts';

export const nodeAgentUser: UserInfo = { name: 'system:node-agent', groups: withAuthenticatedGroup(['system:nodes']) };

export function nodeTokenAuthenticator(nodeToken: string): TokenAuthenticator {
  const expected = digest(nodeToken);
  return {
    name: 'node-token',
    authenticateToken(token) {
      // Comparing fixed-length digests in constant time leaks neither the token nor its length.
      if (!timingSafeEqual(digest(token), expected)) return undefined;
      return { user: { ...nodeAgentUser, groups: [...nodeAgentUser.groups] } };
    },
  };
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
