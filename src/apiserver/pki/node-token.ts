// DATA_DIR/node-token: the shared secret node agents join with (`kites agent --token`). Made once and
// kept, so agents that joined earlier can still authenticate after the server restarts.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { readIfExists, secretMode, writeFileAtomic } from './files.ts';

export interface NodeTokenOptions {
  /** Source of randomness; node:crypto's by default. */
  random?: (size: number) => Buffer;
}

// 32 bytes: as strong as the ECDSA P-256 keys it sits beside.
const tokenBytes = 32;

export function nodeTokenPath(dataDir: string): string {
  return join(dataDir, 'node-token');
}

export async function loadOrCreateNodeToken(dataDir: string, options: NodeTokenOptions = {}): Promise<string> {
  const path = nodeTokenPath(dataDir);
  const existing = (await readIfExists(path))?.trim();
  if (existing) return existing;
  const token = (options.random ?? randomBytes)(tokenBytes).toString('hex');
  await writeFileAtomic(path, `${token}\n`, secretMode);
  return token;
}
