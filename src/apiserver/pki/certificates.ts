// Certificate generation: the cluster CA and the leaf certificates it signs.
//
// Why ECDSA P-256 through node:crypto + @peculiar/x509 rather than node-forge: forge can only put RSA
// keys in certificates, and although it generates RSA keys natively, it signs in pure JavaScript.
// Measured on this machine: an RSA-2048 key plus one forge signature costs 150–330 ms, so a first
// start (CA, serving and admin certificates) takes most of a second; an ECDSA P-256 key plus its
// certificate costs 6–25 ms. Go clients (kubectl) and Node's TLS accept both.
//
// The library takes ~200 ms to import, so it is loaded only when something must be generated; later
// starts check the persisted material with node:crypto alone (see inspect.ts).
import { KeyObject, createPrivateKey, randomBytes, webcrypto } from 'node:crypto';
import { isIP } from 'node:net';

/** PEM-encoded certificate and its PKCS#8 private key. */
export interface CertAndKey {
  cert: string;
  key: string;
}

export interface SubjectNames {
  commonName: string;
  organizations?: string[];
}

export interface LeafRequest extends SubjectNames {
  /** 'server' gets the serverAuth extended key usage, 'client' gets clientAuth. */
  usage: 'server' | 'client';
  /** Subject alternative names for serving certificates: DNS names and IP addresses. */
  altNames?: string[];
  notBefore: Date;
  notAfter: Date;
}

export interface CaRequest extends SubjectNames {
  notBefore: Date;
  notAfter: Date;
}

const keyAlgorithm = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const signingAlgorithm = { name: 'ECDSA', hash: 'SHA-256' } as const;

type X509Module = typeof import('@peculiar/x509');
let x509Module: Promise<X509Module> | undefined;

function loadX509(): Promise<X509Module> {
  x509Module ??= import('@peculiar/x509').then((m) => {
    m.cryptoProvider.set(webcrypto as unknown as Parameters<typeof m.cryptoProvider.set>[0]);
    return m;
  });
  return x509Module;
}

/** A self-signed certificate authority. */
export async function createCertificateAuthority(req: CaRequest): Promise<CertAndKey> {
  const x509 = await loadX509();
  const keys = await generateKeys();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: distinguishedName(x509, req),
    notBefore: req.notBefore,
    notAfter: req.notAfter,
    keys,
    signingAlgorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { cert: cert.toString('pem') + '\n', key: await exportKey(keys.privateKey) };
}

/** A leaf certificate signed by `ca`, with a fresh key. */
export async function issueCertificate(ca: CertAndKey, req: LeafRequest): Promise<CertAndKey> {
  const x509 = await loadX509();
  const caCert = new x509.X509Certificate(ca.cert);
  const caKey = await importSigningKey(ca.key);
  const keys = await generateKeys();
  const usage = req.usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth;
  const extensions: InstanceType<X509Module['Extension']>[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([usage]),
    await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey),
  ];
  if (req.altNames && req.altNames.length > 0) {
    const names = req.altNames.map((value) => ({ type: isIP(value) ? ('ip' as const) : ('dns' as const), value }));
    extensions.push(new x509.SubjectAlternativeNameExtension(names));
  }
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: distinguishedName(x509, req),
    issuer: caCert.subject,
    notBefore: req.notBefore,
    notAfter: req.notAfter,
    publicKey: keys.publicKey,
    signingKey: caKey,
    signingAlgorithm,
    extensions,
  });
  return { cert: cert.toString('pem') + '\n', key: await exportKey(keys.privateKey) };
}

// Built as JSON rather than an RFC 2253 string so names like "system:node:a,b" need no escaping.
function distinguishedName(x509: X509Module, names: SubjectNames) {
  const rdns: Record<string, string[]>[] = (names.organizations ?? []).map((o) => ({ O: [o] }));
  rdns.push({ CN: [names.commonName] });
  return new x509.Name(rdns).toString();
}

function generateKeys(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(keyAlgorithm, true, ['sign', 'verify']) as Promise<webcrypto.CryptoKeyPair>;
}

async function exportKey(key: webcrypto.CryptoKey): Promise<string> {
  return KeyObject.from(key).export({ type: 'pkcs8', format: 'pem' }) as string;
}

function importSigningKey(pem: string): Promise<webcrypto.CryptoKey> {
  const der = createPrivateKey(pem).export({ type: 'pkcs8', format: 'der' });
  return webcrypto.subtle.importKey('pkcs8', der, keyAlgorithm, false, ['sign']);
}

// RFC 5280 §4.1.2.2: a positive integer of at most 20 octets; the top bit is cleared so the DER
// encoding needs no sign byte.
function randomSerial(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}
