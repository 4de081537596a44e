// Conformance: keys written with a TTL expire and their expiry is a delete event like any other.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collect, json, withBackend, type Opener, type ResolvedOptions } from './harness.ts';

export function describeTTL(open: Opener, opts: ResolvedOptions): void {
  // Real-time backends (etcd leases) need the TTL plus lease-expiry slack; the timeout only guards hangs.
  const t = { timeout: opts.timeoutMs };

  describe('ttl', () => {
    it('deletes an expired key and emits its delete event; keys without a TTL stay', t, () =>
      withBackend(open, async ({ backend, advanceTime }) => {
        const start = await backend.currentRevision();
        const created = await backend.create('/events/e1', json({ reason: 'Pulled' }), { ttlSeconds: opts.ttlSeconds });
        await backend.create('/events/keep', json({ reason: 'Kept' }));
        const watching = collect(backend, '/events/', start, (events) => events.some((e) => e.type === 'delete'), opts.timeoutMs);
        await advanceTime?.(opts.ttlSeconds * 1000 + 1);
        const events = await watching;
        const deletes = events.filter((e) => e.type === 'delete');
        assert.deepEqual(deletes.map((e) => [e.key, e.value, e.createRevision]), [['/events/e1', json({ reason: 'Pulled' }), created]]);
        assert.equal(await backend.get('/events/e1'), undefined);
        assert.equal((await backend.get('/events/keep'))?.value, json({ reason: 'Kept' }));
      }));

    it('carries a TTL through an update that sets one', t, () =>
      withBackend(open, async ({ backend, advanceTime }) => {
        const start = await backend.currentRevision();
        const r1 = await backend.create('/events/e2', json(1));
        await backend.update('/events/e2', json(2), r1, { ttlSeconds: opts.ttlSeconds });
        const watching = collect(backend, '/events/', start, (events) => events.some((e) => e.type === 'delete'), opts.timeoutMs);
        await advanceTime?.(opts.ttlSeconds * 1000 + 1);
        const deleted = (await watching).find((e) => e.type === 'delete')!;
        assert.equal(deleted.value, json(2));
        assert.equal(await backend.get('/events/e2'), undefined);
      }));
  });
}
