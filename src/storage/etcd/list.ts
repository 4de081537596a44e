// Paged listing. Every page of one list reads at the revision of the first page, as Kubernetes' etcd3
// store does: the continue token carries that revision and the key to resume after
// (staging/src/k8s.io/apiserver/pkg/storage/continue.go).

import { InvalidInputError } from '../errors.ts';

interface ContinueToken {
  /** The revision every page is read at. */
  rv: number;
  /** The first key of the next page. */
  start: string;
}

export function encodeContinue(revision: number, lastKey: string): string {
  const token: ContinueToken = { rv: revision, start: `${lastKey}\x00` };
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

export function decodeContinue(token: string, prefix: string): ContinueToken {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString());
  } catch {
    throw invalid('is not a continue token');
  }
  const { rv, start } = (parsed ?? {}) as Partial<ContinueToken>;
  if (typeof rv !== 'number' || !Number.isInteger(rv) || rv < 1 || typeof start !== 'string') throw invalid('is not a continue token');
  // A token from another list must not read keys outside this prefix.
  if (!start.startsWith(prefix)) throw invalid(`does not continue a list of ${prefix}`);
  return { rv, start };
}

function invalid(what: string): InvalidInputError {
  return new InvalidInputError('InvalidContinue', `continue token ${what}`);
}
