// SQLite-specific behaviour the shared conformance suite cannot see: state across restarts, the
// background compaction policy, and a watcher that falls behind.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Backend } from '../backend.ts';
import { CompactedError, UnavailableError } from '../errors.ts';
import { collect } from '../conformance/harness.ts';
import { ManualClock } from './clock.ts';
import { openSqliteBackend, type SqliteBackendOptions } from './sqlite.ts';

async function withDir(body: (dataDir: string) => Promise<void>): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kites-sqlite-'));
  try {
    await body(dataDir);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function withStore(opts: SqliteBackendOptions, body: (backend: Backend) => Promise<void>): Promise<void> {
  const backend = await openSqliteBackend(opts);
  try {
    await body(backend);
  } finally {
    await backend.close();
  }
}

describe('sqlite backend internals', () => {
  it('keeps data, revision, compacted revision and TTLs across a restart', { timeout: 30_000 }, () =>
    withDir(async (dataDir) => {
      const clock = new ManualClock();
      let last = 0;
      await withStore({ dataDir, clock }, async (backend) => {
        const r1 = await backend.create('/a', '1');
        await backend.create('/ttl', '"soon"', { ttlSeconds: 60 });
        await backend.delete('/a', { expectedRevision: r1 });
        last = await backend.currentRevision();
        await backend.compact(last);
      });
      await withStore({ dataDir, clock }, async (backend) => {
        assert.equal(await backend.currentRevision(), last, 'a compacted-away delete still counts: revisions are never reused');
        assert.equal(await backend.compactedRevision(), last);
        assert.ok((await backend.create('/b', '2')) > last);
        const watching = collect(backend, '/ttl', last, 1);
        clock.advance(61_000);
        assert.equal((await watching)[0]?.type, 'delete');
      });
    }));

  it('refuses a second process-level opener of the same data directory', { timeout: 30_000 }, () =>
    withDir(async (dataDir) => {
      await withStore({ dataDir }, async (backend) => {
        await backend.create('/x', '{}');
        await assert.rejects(openSqliteBackend({ dataDir }), UnavailableError);
      });
    }));

  it('compacts in the background to the previous run, never into the kept revisions', { timeout: 30_000 }, () =>
    withDir(async (dataDir) => {
      const clock = new ManualClock();
      await withStore({ dataDir, clock, compaction: { intervalMs: 1000, keepRevisions: 5 } }, async (backend) => {
        for (let i = 0; i < 20; i++) await backend.create(`/k/${i}`, String(i));
        clock.advance(1000);
        await new Promise((resolve) => setImmediate(resolve));
        assert.equal(await backend.compactedRevision(), 0, 'the first run only records where it is');
        const seen = await backend.currentRevision();
        for (let i = 0; i < 10; i++) await backend.create(`/j/${i}`, String(i));
        clock.advance(1000);
        await new Promise((resolve) => setImmediate(resolve));
        assert.equal(await backend.compactedRevision(), seen, 'the second run compacts to what the first saw');
        await assert.rejects(backend.get('/k/0', { revision: seen - 1 }), CompactedError);
        assert.equal(await backend.count('/'), 30);
        clock.advance(1000);
        await new Promise((resolve) => setImmediate(resolve));
        assert.equal(await backend.compactedRevision(), (await backend.currentRevision()) - 5, 'keepRevisions bounds it');
      });
    }));

  it('lets a watcher that falls far behind catch up from the table, each event exactly once', { timeout: 60_000 }, () =>
    withDir(async (dataDir) => {
      await withStore({ dataDir }, async (backend) => {
        const start = await backend.currentRevision();
        const iterator = backend.watch('/slow/', start)[Symbol.asyncIterator]();
        const first = backend.create('/slow/0', '0');
        const events = [(await iterator.next()).value];
        await first;
        // Far more than a watcher may buffer while nobody consumes.
        for (let i = 1; i < 25_000; i += 500) {
          await Promise.all(Array.from({ length: 500 }, (_, j) => backend.create(`/slow/${i + j}`, '0')));
        }
        while (events.length < 25_000) events.push((await iterator.next()).value);
        await iterator.return?.();
        const revisions = events.map((e) => e.revision);
        assert.ok(revisions.every((r, i) => i === 0 || r > revisions[i - 1]!));
        assert.equal(new Set(events.map((e) => e.key)).size, 25_000);
      });
    }));
});
