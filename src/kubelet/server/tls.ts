// The kubelet port's TLS: a serving certificate the agent makes for itself at start (in memory, signed
// by a throwaway CA, as upstream's kubelet does without --tls-cert-file), and client certificates
// checked against the cluster CA — of which only the API server's (CN kube-apiserver-kubelet-client)
// is let in. The API server, like upstream's without --kubelet-certificate-authority, does not verify
// the serving certificate; what protects the port is that it answers no one else.
import type { TLSSocket } from 'node:tls';
import type { ServerOptions } from 'node:https';
import { createCertificateAuthority, issueCertificate, type CertAndKey } from '../../apiserver/pki/certificates.ts';

export const KUBELET_CLIENT_COMMON_NAME = 'kube-apiserver-kubelet-client';

const hour = 3600_000;
const year = 365 * 24 * hour;

/** A serving certificate for these DNS names and IPs, valid for a year from `now` (an hour back-dated). */
export async function selfSignedServing(names: string[], now: Date): Promise<CertAndKey> {
  const validity = { notBefore: new Date(now.getTime() - hour), notAfter: new Date(now.getTime() + year) };
  const ca = await createCertificateAuthority({ commonName: `kites-kubelet-ca@${Math.floor(now.getTime() / 1000)}`, ...validity });
  return issueCertificate(ca, { commonName: `${names[0] ?? 'kubelet'}@${Math.floor(now.getTime() / 1000)}`, usage: 'server', altNames: [...new Set(names)], ...validity });
}

export function kubeletTlsOptions(serving: CertAndKey, clientCa: string): ServerOptions {
  return { cert: serving.cert, key: serving.key, ca: clientCa, requestCert: true, rejectUnauthorized: true, ALPNProtocols: ['http/1.1'], minVersion: 'TLSv1.2' };
}

/** Whether the peer presented the API server's client certificate (the CA was checked in the handshake). */
export function isApiServer(socket: TLSSocket): boolean {
  return socket.authorized && socket.getPeerCertificate().subject?.CN === KUBELET_CLIENT_COMMON_NAME;
}
