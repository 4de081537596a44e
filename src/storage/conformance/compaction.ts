// Conformance: compaction drops history but never the latest state, and old reads fail typed.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CompactedError, FutureRevisionError } from '../errors.ts';
import { collect, json, withBackend, type Opener, type ResolvedOptions } from './harness.ts';

export function describeCompaction(open: Opener, opts: ResolvedOptions): void {
  const t = { timeout: opts.timeoutMs };

  describe('compaction', () => {
    it('keeps the latest state and answers old reads and watches with CompactedError', t, () =>
      withBackend(open, async ({ backend }) => {
        const r1 = await backend.create('/c/kept', json('old'));
        const r2 = await backend.update('/c/kept', json('new'), r1);
        const r3 = await backend.create('/c/gone', json('x'));
        const page = await backend.list('/c/', { limit: 1 });
        await backend.delete('/c/gone');
        const compactAt = await backend.create('/c/last', json('last'));
        await backend.compact(compactAt);
        assert.equal(await backend.compactedRevision(), compactAt);

        await assert.rejects(backend.get('/c/kept', { revision: r1 }), (err: unknown) => err instanceof CompactedError && err.requestedRevision === r1 && err.compactedRevision === compactAt);
        await assert.rejects(backend.list('/c/', { revision: r3 }), CompactedError);
        await assert.rejects(backend.list('/c/', { limit: 1, continue: page.continue! }), CompactedError);
        await assert.rejects(collect(backend, '/c/', r2, 1), CompactedError);
        await assert.rejects(collect(backend, '/c/', compactAt - 1, 1), CompactedError, 'history at the compacted revision itself is gone');

        assert.deepEqual(await backend.get('/c/kept'), { key: '/c/kept', value: json('new'), createRevision: r1, modRevision: r2 });
        assert.deepEqual(await backend.get('/c/kept', { revision: compactAt }), { key: '/c/kept', value: json('new'), createRevision: r1, modRevision: r2 });
        assert.equal(await backend.get('/c/gone'), undefined);
        assert.deepEqual((await backend.list('/c/')).items.map((kv) => kv.key), ['/c/kept', '/c/last']);
        assert.equal(await backend.count('/c/'), 2);

        const r5 = await backend.update('/c/kept', json('newer'), r2);
        const events = await collect(backend, '/c/', compactAt, 1);
        assert.deepEqual(events.map((e) => [e.type, e.revision, e.prevValue]), [['update', r5, json('new')]]);
      }));

    it('treats compacting an already compacted revision as a no-op and refuses a future one', t, () =>
      withBackend(open, async ({ backend }) => {
        const r1 = await backend.create('/c/a', json(1));
        const r2 = await backend.create('/c/b', json(2));
        await backend.compact(r2);
        await backend.compact(r1);
        assert.equal(await backend.compactedRevision(), r2);
        await assert.rejects(backend.compact(r2 + 1_000_000), FutureRevisionError);
        assert.equal(await backend.count('/c/'), 2);
      }));
  });
}
