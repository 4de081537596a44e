import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateNodeToken, nodeTokenPath } from './node-token.ts';

test('the node token is made once, kept 0600 and reused', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kites-token-'));
  try {
    const first = await loadOrCreateNodeToken(dir, { random: (n) => Buffer.alloc(n, 0xab) });
    assert.equal(first, 'ab'.repeat(32));
    assert.equal(await readFile(nodeTokenPath(dir), 'utf8'), `${first}\n`);
    assert.equal((await stat(nodeTokenPath(dir))).mode & 0o777, 0o600);
    const second = await loadOrCreateNodeToken(dir, { random: () => assert.fail('a kept token must not be replaced') });
    assert.equal(second, first);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('tokens from the default source are 64 hex characters and differ', async () => {
  const dirs = [await mkdtemp(join(tmpdir(), 'kites-token-')), await mkdtemp(join(tmpdir(), 'kites-token-'))];
  try {
    const [a, b] = await Promise.all(dirs.map((d) => loadOrCreateNodeToken(d)));
    assert.match(a!, /^[0-9a-f]{64}$/);
    assert.notEqual(a, b);
  } finally {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  }
});
