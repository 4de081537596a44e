// Conformance: create, get, update, delete, count and the global revision.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConflictError, FutureRevisionError, KeyExistsError, KeyNotFoundError } from '../errors.ts';
import { json, pool, withBackend, type Opener, type ResolvedOptions } from './harness.ts';

export function describeCrud(open: Opener, opts: ResolvedOptions): void {
  const t = { timeout: opts.timeoutMs };

  describe('create and get', () => {
    it('creates a key and reads it back with its revisions', t, () =>
      withBackend(open, async ({ backend }) => {
        const before = await backend.currentRevision();
        const rev = await backend.create('/a/one', json({ n: 1 }));
        assert.ok(rev > before, 'create bumps the revision');
        assert.equal(await backend.currentRevision(), rev);
        assert.deepEqual(await backend.get('/a/one'), { key: '/a/one', value: json({ n: 1 }), createRevision: rev, modRevision: rev });
        assert.equal(await backend.get('/a/missing'), undefined);
      }));

    it('refuses to create an existing key with KeyExistsError and writes nothing', t, () =>
      withBackend(open, async ({ backend }) => {
        await backend.create('/a/one', json(1));
        const rev = await backend.currentRevision();
        await assert.rejects(backend.create('/a/one', json(2)), (err: unknown) => err instanceof KeyExistsError && err.key === '/a/one');
        assert.equal(await backend.currentRevision(), rev);
        assert.equal((await backend.get('/a/one'))?.value, json(1));
      }));

    it('reads a key as of an older revision, including before it existed and after it was deleted', t, () =>
      withBackend(open, async ({ backend }) => {
        const r0 = await backend.create('/other', json(0));
        const r1 = await backend.create('/k', json('v1'));
        const r2 = await backend.update('/k', json('v2'), r1);
        const r3 = (await backend.delete('/k')).revision;
        assert.equal(await backend.get('/k', { revision: r0 }), undefined);
        assert.deepEqual(await backend.get('/k', { revision: r1 }), { key: '/k', value: json('v1'), createRevision: r1, modRevision: r1 });
        assert.deepEqual(await backend.get('/k', { revision: r2 }), { key: '/k', value: json('v2'), createRevision: r1, modRevision: r2 });
        assert.equal(await backend.get('/k', { revision: r3 }), undefined);
        assert.equal(await backend.get('/k'), undefined);
      }));

    it('refuses a read at a revision that does not exist yet with FutureRevisionError', t, () =>
      withBackend(open, async ({ backend }) => {
        const rev = await backend.create('/k', json(1));
        await assert.rejects(backend.get('/k', { revision: rev + 1_000_000 }), FutureRevisionError);
        await assert.rejects(backend.list('/', { revision: rev + 1_000_000 }), FutureRevisionError);
      }));
  });

  describe('update', () => {
    it('compare-and-swaps on modRevision and keeps createRevision', t, () =>
      withBackend(open, async ({ backend }) => {
        const r1 = await backend.create('/k', json({ v: 1 }));
        const r2 = await backend.update('/k', json({ v: 2 }), r1);
        assert.ok(r2 > r1);
        assert.deepEqual(await backend.get('/k'), { key: '/k', value: json({ v: 2 }), createRevision: r1, modRevision: r2 });
      }));

    it('fails a stale update with ConflictError carrying the current state, and writes nothing', t, () =>
      withBackend(open, async ({ backend }) => {
        const r1 = await backend.create('/k', json(1));
        const r2 = await backend.update('/k', json(2), r1);
        await assert.rejects(backend.update('/k', json(3), r1), (err: unknown) => {
          assert.ok(err instanceof ConflictError);
          assert.equal(err.key, '/k');
          assert.equal(err.expectedRevision, r1);
          assert.deepEqual(err.current, { key: '/k', value: json(2), createRevision: r1, modRevision: r2 });
          return true;
        });
        assert.equal(await backend.currentRevision(), r2);
      }));

    it('fails an update of a missing or deleted key with KeyNotFoundError', t, () =>
      withBackend(open, async ({ backend }) => {
        await assert.rejects(backend.update('/nope', json(1), 1), KeyNotFoundError);
        const r1 = await backend.create('/k', json(1));
        await backend.delete('/k');
        await assert.rejects(backend.update('/k', json(2), r1), (err: unknown) => err instanceof KeyNotFoundError && err.key === '/k');
      }));
  });

  describe('delete', () => {
    it('deletes unconditionally and returns the deleted state', t, () =>
      withBackend(open, async ({ backend }) => {
        const r1 = await backend.create('/k', json('x'));
        const { revision, deleted } = await backend.delete('/k');
        assert.ok(revision > r1);
        assert.deepEqual(deleted, { key: '/k', value: json('x'), createRevision: r1, modRevision: r1 });
        assert.equal(await backend.get('/k'), undefined);
        assert.equal(await backend.currentRevision(), revision);
      }));

    it('deletes at an expected revision, or fails with ConflictError', t, () =>
      withBackend(open, async ({ backend }) => {
        const r1 = await backend.create('/k', json(1));
        const r2 = await backend.update('/k', json(2), r1);
        await assert.rejects(backend.delete('/k', { expectedRevision: r1 }), (err: unknown) => err instanceof ConflictError && err.current?.modRevision === r2);
        assert.equal((await backend.get('/k'))?.modRevision, r2);
        const { deleted } = await backend.delete('/k', { expectedRevision: r2 });
        assert.equal(deleted.value, json(2));
      }));

    it('fails to delete a missing key with KeyNotFoundError', t, () =>
      withBackend(open, async ({ backend }) => {
        await assert.rejects(backend.delete('/nope'), KeyNotFoundError);
        await assert.rejects(backend.delete('/nope', { expectedRevision: 5 }), KeyNotFoundError);
      }));

    it('lets a deleted key be created again as a new incarnation', t, () =>
      withBackend(open, async ({ backend }) => {
        await backend.create('/k', json(1));
        await backend.delete('/k');
        const r3 = await backend.create('/k', json(2));
        assert.deepEqual(await backend.get('/k'), { key: '/k', value: json(2), createRevision: r3, modRevision: r3 });
      }));
  });

  describe('count and revisions', () => {
    it('counts live keys under a prefix', t, () =>
      withBackend(open, async ({ backend }) => {
        for (let i = 0; i < 5; i++) await backend.create(`/pods/default/p${i}`, json(i));
        await backend.create('/pods/kube-system/x', json(0));
        await backend.create('/podsx', json(0));
        await backend.delete('/pods/default/p0');
        assert.equal(await backend.count('/pods/default/'), 4);
        assert.equal(await backend.count('/pods/'), 5);
        assert.equal(await backend.count('/pods'), 6);
        assert.equal(await backend.count('/nothing/'), 0);
      }));

    it('gives every successful write its own strictly increasing revision', t, () =>
      withBackend(open, async ({ backend }) => {
        const revisions: number[] = [];
        await pool(200, 20, async (i) => {
          revisions.push(await backend.create(`/r/${i}`, json(i)));
        });
        assert.equal(new Set(revisions).size, 200, 'no two writes share a revision');
        let last = 0;
        for (let i = 0; i < 50; i++) {
          const rev = i % 2 === 0 ? await backend.update('/r/0', json(-i), (await backend.get('/r/0'))!.modRevision) : await backend.create(`/s/${i}`, json(i));
          assert.ok(rev > last, `revision ${rev} follows ${last}`);
          assert.equal(await backend.currentRevision(), rev);
          last = rev;
        }
      }));

    it(`loses no update when ${opts.casWriters} writers compare-and-swap one counter`, t, () =>
      withBackend(open, async ({ backend }) => {
        await backend.create('/counter', json({ n: 0 }));
        let successes = 0;
        const writer = async () => {
          let current = (await backend.get('/counter'))!;
          for (let attempt = 0; attempt < opts.casAttemptsPerWriter; attempt++) {
            const n = (JSON.parse(current.value) as { n: number }).n + 1;
            try {
              const rev = await backend.update('/counter', json({ n }), current.modRevision);
              successes++;
              current = { ...current, value: json({ n }), modRevision: rev };
            } catch (err) {
              if (!(err instanceof ConflictError) || !err.current) throw err;
              current = err.current;
            }
          }
        };
        await Promise.all(Array.from({ length: opts.casWriters }, writer));
        const final = JSON.parse((await backend.get('/counter'))!.value) as { n: number };
        assert.ok(successes > 0);
        assert.equal(final.n, successes, 'every acknowledged increment is in the counter');
      }));
  });
}
