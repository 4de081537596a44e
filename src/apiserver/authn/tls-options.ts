// Options for https.createServer from the cluster's PKI.
import type { ServerOptions } from 'node:https';
import type { CertAndKey } from '../pki/certificates.ts';

export interface ServingMaterial {
  ca: CertAndKey;
  server: CertAndKey;
}

export function tlsServerOptions(pki: ServingMaterial): ServerOptions {
  return {
    cert: pki.server.cert,
    key: pki.server.key,
    // Trust anchor for client certificates; it is also named in the CertificateRequest so clients
    // with several certificates pick the right one.
    ca: pki.ca.cert,
    // Ask for a client certificate but let the handshake succeed without one (or with a bad one):
    // token and anonymous requests must reach the handler, which answers 401 with a Status.
    requestCert: true,
    rejectUnauthorized: false,
    // kubectl speaks HTTP/2 when offered; the server is HTTP/1.1, so offer only that.
    ALPNProtocols: ['http/1.1'],
    minVersion: 'TLSv1.2',
  };
}
