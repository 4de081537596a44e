// Client-certificate authentication, as upstream's x509 authenticator: the chain must verify against
// the cluster CA for client use; the Common Name is the user, each Organization a group.
// The TLS server asks for a certificate without demanding one (requestCert, rejectUnauthorized: false),
// so that token-bearing clients can connect too; the verdict of the handshake is read here.
import { TLSSocket, type PeerCertificate } from 'node:tls';
import type { Socket } from 'node:net';
import { withAuthenticatedGroup, type AuthResult } from './types.ts';

const clientAuthUsage = '1.3.6.1.5.5.7.3.2';

/**
 * The verdict per connection: getPeerCertificate() decodes the whole certificate (~45 µs), which was
 * several per cent of a keep-alive client's request cost. Renegotiation is disabled on a connection
 * once its verdict is cached (as Go's TLS server, upstream's, never renegotiates), so the certificate
 * behind a cached verdict cannot change.
 */
const verdicts = new WeakMap<TLSSocket, { result: AuthResult | undefined }>();

/** undefined when the connection carries no usable client certificate and other credentials may count. */
export function authenticateClientCertificate(socket: Socket): AuthResult | undefined {
  if (!(socket instanceof TLSSocket)) return undefined;
  const cached = verdicts.get(socket);
  if (cached) return cached.result;
  socket.disableRenegotiation();
  const result = verdict(socket);
  verdicts.set(socket, { result });
  return result;
}

function verdict(socket: TLSSocket): AuthResult | undefined {
  const peer = socket.getPeerCertificate();
  if (!peer || Object.keys(peer).length === 0) return undefined;
  if (!socket.authorized) return { error: `x509: client certificate rejected: ${socket.authorizationError ?? 'not verified'}` };
  if (peer.ext_key_usage && !peer.ext_key_usage.includes(clientAuthUsage)) {
    return { error: 'x509: client certificate is not for client authentication' };
  }
  const commonName = first(peer.subject?.CN);
  // Upstream treats a certificate without a Common Name as no credential rather than a bad one.
  if (!commonName) return undefined;
  return { user: { name: commonName, groups: withAuthenticatedGroup(all(peer.subject?.O)) } };
}

type NameValue = PeerCertificate['subject']['CN'] | string[] | undefined;

// Node gives a multi-valued attribute as an array, a single one as a string.
function all(value: NameValue): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function first(value: NameValue): string | undefined {
  return all(value)[0];
}
