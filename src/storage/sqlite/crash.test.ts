// Crash safety: a writer killed with SIGKILL at a random moment loses no acknowledged write, and the
// store opens afterwards with no repair step.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openSqliteBackend } from './sqlite.ts';

const child = fileURLToPath(new URL('./crash-child.ts', import.meta.url));
const WRITES = 2000;

/** Runs the child until it has acknowledged killAfter writes, then SIGKILLs it; returns the acknowledgements. */
async function writeAndKill(dataDir: string, killAfter: number): Promise<Map<string, number>> {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, dataDir, String(WRITES)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const acked = new Map<string, number>();
  const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.on('exit', (_code, signal) => resolve(signal)));
  for await (const line of createInterface({ input: proc.stdout })) {
    if (line === 'done') break;
    const [key, revision] = line.split(' ');
    acked.set(key!, Number(revision));
    if (acked.size === killAfter) proc.kill('SIGKILL');
  }
  const signal = await exited;
  assert.equal(signal, 'SIGKILL', 'the child was killed mid-run, not allowed to finish');
  return acked;
}

describe('sqlite crash safety', () => {
  for (let round = 1; round <= 3; round++) {
    it(`keeps every acknowledged write after SIGKILL (round ${round})`, { timeout: 120_000 }, async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'kites-crash-'));
      try {
        const killAfter = 1 + Math.floor(Math.random() * (WRITES - 100));
        const acked = await writeAndKill(dataDir, killAfter);
        assert.ok(acked.size >= killAfter);
        const backend = await openSqliteBackend({ dataDir });
        try {
          for (const [key, revision] of acked) {
            assert.equal((await backend.get(key))?.modRevision, revision, `acknowledged ${key} at ${revision}`);
          }
          const stored = await backend.count('/registry/configmaps/');
          assert.ok(stored >= acked.size, 'writes in flight at the kill may or may not be there, acknowledged ones are');
          assert.equal(await backend.currentRevision(), (await backend.list('/registry/')).revision);
          // The store takes writes again at once, with fresh revisions.
          const rev = await backend.create('/after/crash', '{}');
          assert.ok(rev > Math.max(...acked.values()));
        } finally {
          await backend.close();
        }
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  }
});
