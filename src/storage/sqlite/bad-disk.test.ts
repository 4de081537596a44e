// Bad disks: a full file system and a read-only one give UnavailableError, never a crash or a corrupt
// store; reads keep working and writes resume once space is back. Needs root to mount a small tmpfs.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Backend } from '../backend.ts';
import { UnavailableError } from '../errors.ts';
import { openSqliteBackend } from './sqlite.ts';

const skip = process.getuid?.() !== 0 ? 'needs root to mount a tmpfs' : false;

/** Writes filler files until the file system refuses more (ENOSPC). */
async function fill(dir: string): Promise<string[]> {
  const files: string[] = [];
  const chunk = Buffer.alloc(64 * 1024, 1);
  for (let i = 0; ; i++) {
    const file = join(dir, `filler-${i}`);
    try {
      await writeFile(file, chunk);
      files.push(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      // A partial last file still holds space; keep it so the disk stays full.
      files.push(file);
      return files;
    }
  }
}

const big = (i: number) => JSON.stringify({ i, pad: 'x'.repeat(100 * 1024) });

describe('sqlite on a bad disk', { skip }, () => {
  let mountDir = '';
  let mounted = false;

  before(async () => {
    mountDir = await mkdtemp(join(tmpdir(), 'kites-baddisk-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mountDir]);
    mounted = true;
  });

  after(async () => {
    if (mounted) execFileSync('umount', ['-l', mountDir]);
    await rm(mountDir, { recursive: true, force: true });
  });

  it('fails writes with UnavailableError when the disk is full, keeps reads, and recovers when space frees', { timeout: 60_000 }, async () => {
    const dataDir = join(mountDir, 'full');
    let backend: Backend = await openSqliteBackend({ dataDir });
    try {
      const r1 = await backend.create('/k/1', JSON.stringify({ n: 1 }));
      const r2 = await backend.update('/k/1', JSON.stringify({ n: 2 }), r1);
      const fillers = await fill(mountDir);

      // One batch of writes that needs more space than there is: every caller gets the error.
      const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => backend.create(`/big/${i}`, big(i))));
      for (const result of results) {
        assert.equal(result.status, 'rejected');
        assert.ok(result.reason instanceof UnavailableError, `got ${String(result.reason)}`);
      }
      assert.equal(await backend.currentRevision(), r2, 'memory still matches the file');
      assert.equal((await backend.get('/k/1'))?.value, JSON.stringify({ n: 2 }));
      assert.deepEqual((await backend.list('/k/')).items.map((kv) => kv.modRevision), [r2]);
      assert.equal(await backend.get('/big/0'), undefined);

      await Promise.all(fillers.map((f) => rm(f, { force: true })));
      const r3 = await backend.create('/big/0', big(0));
      assert.ok(r3 > r2);
      await backend.close();

      backend = await openSqliteBackend({ dataDir });
      assert.equal(await backend.currentRevision(), r3);
      assert.equal(JSON.parse((await backend.get('/big/0'))!.value).i, 0);
    } finally {
      await backend.close();
    }
  });

  it('refuses to open a store on a read-only file system with UnavailableError, and opens it again once writable', { timeout: 60_000 }, async () => {
    const dataDir = join(mountDir, 'ro');
    const backend = await openSqliteBackend({ dataDir });
    const rev = await backend.create('/k/ro', JSON.stringify('kept'));
    // Linux refuses to remount read-only while files are open for writing, so close first.
    await backend.close();
    execFileSync('mount', ['-o', 'remount,ro', mountDir]);
    try {
      await assert.rejects(openSqliteBackend({ dataDir }), UnavailableError);
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', mountDir]);
    }
    const reopened = await openSqliteBackend({ dataDir });
    try {
      assert.equal((await reopened.get('/k/ro'))?.modRevision, rev);
      assert.ok((await reopened.create('/k/after', '{}')) > rev);
    } finally {
      await reopened.close();
    }
  });
});
