// The list `continue` token: the revision the first page was read at and the storage's own position,
// so every page of one list is consistent at one revision (as upstream's etcd3 storage does).
import { errors } from '../status.ts';

export interface ContinueToken {
  revision: number;
  position: string;
}

export function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: token.revision, p: token.position })).toString('base64url');
}

export function decodeContinue(text: string): ContinueToken {
  try {
    const raw = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as { v?: unknown; rv?: unknown; p?: unknown };
    if (raw.v === 'meta.k8s.io/v1' && typeof raw.rv === 'number' && Number.isInteger(raw.rv) && raw.rv > 0 && typeof raw.p === 'string') {
      return { revision: raw.rv, position: raw.p };
    }
  } catch {
    // fall through to the error below
  }
  throw errors.badRequest('the provided continue parameter is not valid');
}
