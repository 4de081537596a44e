// Checks persisted certificates with node:crypto alone, so that a restart which reuses them stays
// far below the one-second startup budget (the generator library is not even loaded then).
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { isIP } from 'node:net';
import type { CertAndKey, SubjectNames } from './certificates.ts';

/** The parsed certificate when the PEM pair is well-formed and the key belongs to the certificate. */
export function parsePair(pair: CertAndKey): X509Certificate | undefined {
  try {
    const cert = new X509Certificate(pair.cert);
    return cert.checkPrivateKey(createPrivateKey(pair.key)) ? cert : undefined;
  } catch {
    return undefined;
  }
}

/** Valid at `now` and for at least `margin` milliseconds more. */
export function isValidFor(cert: X509Certificate, now: Date, margin: number): boolean {
  return Date.parse(cert.validFrom) <= now.getTime() && Date.parse(cert.validTo) - margin > now.getTime();
}

export function isIssuedBy(cert: X509Certificate, ca: X509Certificate): boolean {
  return cert.checkIssued(ca) && cert.verify(ca.publicKey);
}

/** The certificate's subject alternative names are exactly `wanted` (DNS names and IP addresses). */
export function hasExactAltNames(cert: X509Certificate, wanted: readonly string[]): boolean {
  const present = cert.subjectAltName ? cert.subjectAltName.split(', ') : [];
  const unique = new Set(wanted);
  if (present.length !== unique.size) return false;
  // checkIP/checkHost normalise address spellings (e.g. IPv6) that a string comparison would miss.
  return [...unique].every((name) =>
    isIP(name) ? cert.checkIP(name) !== undefined : cert.checkHost(name, { subject: 'never', wildcards: false }) !== undefined,
  );
}

export function hasSubject(cert: X509Certificate, names: SubjectNames): boolean {
  // The legacy object has the names unescaped (cert.subject escapes RFC 2253 specials such as ',');
  // a multi-valued attribute comes as an array.
  const subject: Record<string, string | string[] | undefined> = cert.toLegacyObject().subject as never;
  const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const commonNames = list(subject.CN);
  const organizations = list(subject.O);
  const wantedOrgs = names.organizations ?? [];
  return (
    commonNames.length === 1 &&
    commonNames[0] === names.commonName &&
    organizations.length === wantedOrgs.length &&
    organizations.every((o, i) => o === wantedOrgs[i])
  );
}
