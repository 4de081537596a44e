// list and count: live keys under a prefix at one revision. A continue token pins later pages to the
// first page's revision (like etcd and the Kubernetes API), so paging never mixes two states.

import type { ListOptions, ListResult } from '../backend.ts';
import { InvalidInputError } from '../errors.ts';
import { readRevision, type RevisionWindow } from './read-revision.ts';
import { prefixEnd, toKeyValue } from './rows.ts';
import { guard } from './sqlite-errors.ts';
import type { Statements } from './statements.ts';

interface ContinueToken {
  /** Revision of the first page. */
  rev: number;
  /** Last key returned; the next page starts after it. */
  key: string;
}

function encodeContinue(token: ContinueToken): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(text: string, prefix: string): ContinueToken {
  let token: unknown;
  try {
    token = JSON.parse(Buffer.from(text, 'base64url').toString());
  } catch {
    token = undefined;
  }
  const t = token as Partial<ContinueToken> | undefined;
  if (typeof t?.rev !== 'number' || !Number.isInteger(t.rev) || t.rev < 1 || typeof t.key !== 'string' || !t.key.startsWith(prefix)) {
    throw new InvalidInputError('InvalidContinue', 'continue token is malformed or belongs to another list');
  }
  return { rev: t.rev, key: t.key };
}

export function listKeys(stmts: Statements, window: RevisionWindow, prefix: string, options: ListOptions): ListResult {
  const token = options.continue ? decodeContinue(options.continue, prefix) : undefined;
  const rev = readRevision(token?.rev ?? options.revision, window);
  const limit = options.limit && options.limit > 0 ? options.limit : -1;
  const range = { lo: prefix, hi: prefixEnd(prefix), after: token?.key ?? '', rev };
  return guard('listing keys', () => {
    // One extra row tells whether another page exists without a second query in the common case.
    const rows = stmts.listPage.all({ ...range, limit: limit < 0 ? -1 : limit + 1 });
    if (limit < 0 || rows.length <= limit) return { items: rows.map(toKeyValue), revision: rev };
    const items = rows.slice(0, limit).map(toKeyValue);
    const last = items[items.length - 1]!.key;
    const remaining = stmts.countLive.get({ ...range, after: last })!.n;
    return { items, revision: rev, continue: encodeContinue({ rev, key: last }), remaining };
  });
}

export function countKeys(stmts: Statements, window: RevisionWindow, prefix: string): number {
  return guard('counting keys', () => stmts.countLive.get({ lo: prefix, hi: prefixEnd(prefix), after: '', rev: window.current })!.n);
}
