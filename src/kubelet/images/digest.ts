// Content digests (OCI image-spec descriptor.md#digests): only sha256 is produced and accepted, which
// is what registries and `docker save` use. Every blob that enters the store is verified against one.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

const sha256Pattern = /^sha256:[a-f0-9]{64}$/;

export class DigestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DigestError';
  }
}

export function isDigest(value: string): boolean {
  return sha256Pattern.test(value);
}

/** Throws DigestError unless `value` is `sha256:<64 hex>`. */
export function assertDigest(value: string): string {
  if (!isDigest(value)) throw new DigestError(`unsupported or malformed digest "${value}" (only sha256 is supported)`);
  return value;
}

export function digestHex(digest: string): string {
  return assertDigest(digest).slice('sha256:'.length);
}

export function sha256Digest(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export async function fileDigest(path: string): Promise<{ digest: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { digest: `sha256:${hash.digest('hex')}`, size };
}
