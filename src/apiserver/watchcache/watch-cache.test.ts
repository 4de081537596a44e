import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Backend, WatchEvent } from '../../storage/backend.ts';
import { openSqliteBackend } from '../../storage/sqlite/sqlite.ts';
import { WatchCache } from './watch-cache.ts';

const caches: WatchCache[] = [];
function cacheOf(...args: ConstructorParameters<typeof WatchCache>): WatchCache {
  const cache = new WatchCache(...args);
  caches.push(cache);
  return cache;
}

async function withBackend(fn: (backend: Backend) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'kites-watchcache-'));
  const backend = await openSqliteBackend({ dataDir: dir });
  try {
    await fn(backend);
  } finally {
    // Closed even when an assertion failed, or their storage watches would keep the test alive.
    for (const cache of caches.splice(0)) cache.close();
    await backend.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Collects `count` events from a watch, then stops it. */
async function take(iter: AsyncIterable<WatchEvent>, count: number, stop: AbortController): Promise<WatchEvent[]> {
  const seen: WatchEvent[] = [];
  for await (const event of iter) {
    seen.push(event);
    if (seen.length === count) stop.abort();
  }
  return seen;
}

test('watchers share one storage watch, see only their prefix, and resume from the ring', () =>
  withBackend(async (backend) => {
    const cache = cacheOf(backend, '/registry/configmaps/');
    const start = await backend.currentRevision();
    const all = new AbortController();
    const ns1 = new AbortController();
    const allSeen = take(cache.watch('/registry/configmaps/', start, all.signal), 4, all);
    const ns1Seen = take(cache.watch('/registry/configmaps/ns1/', start, ns1.signal), 2, ns1);
    const revs: number[] = [];
    for (const key of ['ns1/a', 'ns2/b', 'ns1/c', 'ns2/d']) revs.push(await backend.create(`/registry/configmaps/${key}`, '{}'));
    await backend.create('/registry/secrets/ns1/x', '{}');
    assert.deepEqual((await allSeen).map((e) => e.key.slice(21)), ['ns1/a', 'ns2/b', 'ns1/c', 'ns2/d']);
    assert.deepEqual((await ns1Seen).map((e) => e.key.slice(21)), ['ns1/a', 'ns1/c']);

    const resumed = new AbortController();
    const fromRing = await take(cache.watch('/registry/configmaps/', revs[1]!, resumed.signal), 2, resumed);
    assert.deepEqual(fromRing.map((e) => e.revision), [revs[2], revs[3]], 'exactly the changes after the resume point');
  }));

test('a resume from before the ring falls through to storage history', () =>
  withBackend(async (backend) => {
    const first = await backend.create('/registry/pods/ns/a', '{}');
    const second = await backend.create('/registry/pods/ns/b', '{}');
    const cache = cacheOf(backend, '/registry/pods/', { capacity: 1 });
    const stop = new AbortController();
    const seen = await take(cache.watch('/registry/pods/', first - 1, stop.signal), 2, stop);
    assert.deepEqual(seen.map((e) => e.revision), [first, second]);
  }));

test('a watcher that falls too far behind is cut off; the others go on', () =>
  withBackend(async (backend) => {
    const cache = cacheOf(backend, '/registry/events/', { maxBuffered: 5 });
    const start = await backend.currentRevision();
    const slow = cache.watch('/registry/events/', start, new AbortController().signal)[Symbol.asyncIterator]();
    const fast = new AbortController();
    const fastSeen = take(cache.watch('/registry/events/', start, fast.signal), 20, fast);
    const slowFirst = slow.next();
    for (let i = 0; i < 20; i++) await backend.create(`/registry/events/ns/e${i}`, '{}');
    assert.equal((await fastSeen).length, 20);
    assert.equal((await slowFirst).done, false, 'the slow watcher got what it had room for');
    await assert.rejects(async () => {
      for (;;) if ((await slow.next()).done) break;
    }, /fell too far behind/);
  }));
