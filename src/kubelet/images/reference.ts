// Image references as Docker and containerd normalize them (distribution/reference's
// ParseNormalizedNamed): `busybox` → `docker.io/library/busybox:latest`, `quay.io/x/y@sha256:…`.
import { isDigest } from './digest.ts';

export const defaultDomain = 'docker.io';
const legacyDomains = new Set(['index.docker.io', 'registry-1.docker.io']);
const componentPattern = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const tagPattern = /^[\w][\w.-]{0,127}$/;
const domainPattern = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?$|^\[[0-9a-fA-F:]+\](?::[0-9]+)?$/;

export class ReferenceError extends Error {
  constructor(reference: string, why: string) {
    super(`invalid image reference "${reference}": ${why}`);
    this.name = 'ReferenceError';
  }
}

export interface ImageReference {
  /** Registry host[:port], `docker.io` for Docker Hub. */
  domain: string;
  /** Repository path, e.g. `library/busybox`. */
  path: string;
  tag?: string;
  digest?: string;
}

/** Parses and normalizes a reference; a reference with neither tag nor digest gets `latest`. */
export function parseReference(input: string): ImageReference {
  const at = input.indexOf('@');
  const digest = at >= 0 ? input.slice(at + 1) : undefined;
  const rest = at >= 0 ? input.slice(0, at) : input;
  if (digest !== undefined && !isDigest(digest)) throw new ReferenceError(input, 'the digest must be sha256:<64 hex>');
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  const hasDomain = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('['));
  let domain = hasDomain ? first : defaultDomain;
  let remainder = hasDomain ? rest.slice(slash + 1) : rest;
  if (!domainPattern.test(domain)) throw new ReferenceError(input, `"${domain}" is not a registry host`);
  if (legacyDomains.has(domain)) domain = defaultDomain;
  let tag: string | undefined;
  const colon = remainder.lastIndexOf(':');
  if (colon >= 0) {
    tag = remainder.slice(colon + 1);
    remainder = remainder.slice(0, colon);
    if (!tagPattern.test(tag)) throw new ReferenceError(input, `"${tag}" is not a valid tag`);
  }
  if (remainder === '') throw new ReferenceError(input, 'the repository name is empty');
  if (domain === defaultDomain && !remainder.includes('/')) remainder = `library/${remainder}`;
  for (const component of remainder.split('/')) {
    if (!componentPattern.test(component)) throw new ReferenceError(input, `repository name component "${component}" must be lowercase letters, digits and separators`);
  }
  if (tag === undefined && digest === undefined) tag = 'latest';
  return { domain, path: remainder, ...(tag !== undefined && { tag }), ...(digest !== undefined && { digest }) };
}

/** `docker.io/library/busybox` */
export function repositoryName(ref: ImageReference): string {
  return `${ref.domain}/${ref.path}`;
}

/** `docker.io/library/busybox:latest`, `…@sha256:…`, or both. */
export function formatReference(ref: ImageReference): string {
  return repositoryName(ref) + (ref.tag !== undefined ? `:${ref.tag}` : '') + (ref.digest !== undefined ? `@${ref.digest}` : '');
}

/** The normalized form of a user's reference, e.g. for `image: busybox` in a pod. */
export function normalizeReference(input: string): string {
  return formatReference(parseReference(input));
}
