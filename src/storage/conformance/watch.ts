// Conformance: watch — event shapes, ordering, fan-out, resumption and cancellation.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { WatchEvent } from '../backend.ts';
import { collect, json, pool, revisionsOf, withBackend, type Opener, type ResolvedOptions } from './harness.ts';

function assertStrictlyIncreasing(revisions: number[]): void {
  for (let i = 1; i < revisions.length; i++) {
    assert.ok(revisions[i]! > revisions[i - 1]!, `revision ${revisions[i]} at ${i} follows ${revisions[i - 1]}`);
  }
}

export function describeWatch(open: Opener, opts: ResolvedOptions): void {
  const t = { timeout: opts.timeoutMs };

  describe('watch', () => {
    it('reports create, update and delete with values, prevValue and revisions', t, () =>
      withBackend(open, async ({ backend }) => {
        const start = await backend.currentRevision();
        const r1 = await backend.create('/w/k', json('v1'));
        const r2 = await backend.update('/w/k', json('v2'), r1);
        const r3 = (await backend.delete('/w/k')).revision;
        const r4 = await backend.create('/w/k', json('v3'));
        const events = await collect(backend, '/w/', start, 4);
        const expected: WatchEvent[] = [
          { type: 'create', key: '/w/k', value: json('v1'), prevValue: undefined, revision: r1, createRevision: r1 },
          { type: 'update', key: '/w/k', value: json('v2'), prevValue: json('v1'), revision: r2, createRevision: r1 },
          { type: 'delete', key: '/w/k', value: json('v2'), prevValue: json('v2'), revision: r3, createRevision: r1 },
          { type: 'create', key: '/w/k', value: json('v3'), prevValue: undefined, revision: r4, createRevision: r4 },
        ];
        assert.deepEqual(events.map((e) => ({ ...e })), expected);
      }));

    it('delivers only events under the prefix and after the given revision', t, () =>
      withBackend(open, async ({ backend }) => {
        await backend.create('/w/a', json(1));
        const after = await backend.create('/w/b', json(2));
        await backend.create('/elsewhere/c', json(3));
        const r = await backend.create('/w/d', json(4));
        const events = await collect(backend, '/w/', after, 1);
        assert.deepEqual(events.map((e) => [e.key, e.revision]), [['/w/d', r]]);
      }));

    it('switches from history to live events with no gap and no duplicate', t, () =>
      withBackend(open, async ({ backend }) => {
        const start = await backend.currentRevision();
        for (let i = 0; i < 300; i++) await backend.create(`/w/${i}`, json(i));
        const watching = collect(backend, '/w/', start, 600);
        await pool(300, 10, async (i) => {
          await backend.create(`/w/${300 + i}`, json(300 + i));
        });
        const events = await watching;
        assert.deepEqual(events.map((e) => e.key).sort(), Array.from({ length: 600 }, (_, i) => `/w/${i}`).sort());
        assertStrictlyIncreasing(revisionsOf(events));
      }));

    it(`lets 5 watchers each see ${opts.watchFanoutWrites} writes exactly once, in revision order`, t, () =>
      withBackend(open, async ({ backend }) => {
        const n = opts.watchFanoutWrites;
        const start = await backend.currentRevision();
        const watchers = Array.from({ length: 5 }, () => collect(backend, '/fan/', start, n, opts.timeoutMs));
        const written: number[] = [];
        await pool(n, 50, async (i) => {
          written.push(await backend.create(`/fan/${i}`, json({ i })));
        });
        written.sort((a, b) => a - b);
        for (const events of await Promise.all(watchers)) {
          assert.equal(events.length, n);
          assertStrictlyIncreasing(revisionsOf(events));
          assert.deepEqual(revisionsOf(events), written);
          assert.equal(new Set(events.map((e) => e.key)).size, n);
        }
      }));

    it('resumes from the last revision seen without missing or repeating events', t, () =>
      withBackend(open, async ({ backend }) => {
        const start = await backend.currentRevision();
        const writes = pool(200, 5, async (i) => {
          await backend.create(`/r/${i}`, json(i));
        });
        const first = await collect(backend, '/r/', start, 50);
        const second = await collect(backend, '/r/', first.at(-1)!.revision, 150);
        await writes;
        const all = [...first, ...second];
        assertStrictlyIncreasing(revisionsOf(all));
        assert.equal(new Set(all.map((e) => e.key)).size, 200);
      }));

    it('ends cleanly when its AbortSignal fires, while waiting or before starting', t, () =>
      withBackend(open, async ({ backend }) => {
        const controller = new AbortController();
        const seen: WatchEvent[] = [];
        // Read the start before writing: a revision read concurrently with the write may include it.
        const start = await backend.currentRevision();
        const loop = (async () => {
          for await (const event of backend.watch('/c/', start, { signal: controller.signal })) {
            seen.push(event);
            if (seen.length === 1) setImmediate(() => controller.abort());
          }
        })();
        await backend.create('/c/a', json(1));
        await loop;
        assert.equal(seen.length, 1);

        const aborted = AbortSignal.abort();
        for await (const event of backend.watch('/c/', 0, { signal: aborted })) assert.fail(`unexpected event ${event.key}`);

        const idle = new AbortController();
        const waiting = (async () => {
          for await (const event of backend.watch('/idle/', await backend.currentRevision(), { signal: idle.signal })) assert.fail(`unexpected ${event.key}`);
        })();
        setImmediate(() => idle.abort());
        await waiting;
        await backend.create('/c/b', json(2));
      }));
  });
}
