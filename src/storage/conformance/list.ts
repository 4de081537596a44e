// Conformance: list with prefix, pagination, and reads at an explicit revision.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Backend, KeyValue } from '../backend.ts';
import { json, withBackend, type Opener, type ResolvedOptions } from './harness.ts';

async function listAll(backend: Backend, prefix: string, limit: number): Promise<{ pages: KeyValue[][]; revisions: number[] }> {
  const pages: KeyValue[][] = [];
  const revisions: number[] = [];
  let token: string | undefined;
  do {
    const page = await backend.list(prefix, token === undefined ? { limit } : { limit, continue: token });
    pages.push(page.items);
    revisions.push(page.revision);
    token = page.continue;
  } while (token !== undefined);
  return { pages, revisions };
}

export function describeList(open: Opener, opts: ResolvedOptions): void {
  const t = { timeout: opts.timeoutMs };

  describe('list', () => {
    it('lists live keys under a prefix in key order at the current revision', t, () =>
      withBackend(open, async ({ backend }) => {
        for (const name of ['c', 'a', 'b', 'd']) await backend.create(`/pods/ns/${name}`, json(name));
        await backend.create('/pods/other/z', json('z'));
        await backend.create('/services/ns/a', json('svc'));
        await backend.delete('/pods/ns/d');
        const result = await backend.list('/pods/ns/');
        assert.deepEqual(result.items.map((kv) => kv.key), ['/pods/ns/a', '/pods/ns/b', '/pods/ns/c']);
        assert.equal(result.items[0]!.value, json('a'));
        assert.equal(result.revision, await backend.currentRevision());
        assert.equal(result.continue, undefined);
        assert.equal((await backend.list('/pods/')).items.length, 4);
        assert.deepEqual((await backend.list('/none/')).items, []);
      }));

    it('reports createRevision and modRevision of each item', t, () =>
      withBackend(open, async ({ backend }) => {
        const r1 = await backend.create('/x/a', json(1));
        const r2 = await backend.update('/x/a', json(2), r1);
        const [item] = (await backend.list('/x/')).items;
        assert.deepEqual(item, { key: '/x/a', value: json(2), createRevision: r1, modRevision: r2 });
      }));

    it('lists as of an explicit older revision', t, () =>
      withBackend(open, async ({ backend }) => {
        const r1 = await backend.create('/x/a', json('a1'));
        await backend.create('/x/b', json('b1'));
        const snapshot = await backend.currentRevision();
        await backend.update('/x/a', json('a2'), r1);
        await backend.delete('/x/b');
        await backend.create('/x/c', json('c1'));
        const old = await backend.list('/x/', { revision: snapshot });
        assert.equal(old.revision, snapshot);
        assert.deepEqual(old.items.map((kv) => [kv.key, kv.value]), [['/x/a', json('a1')], ['/x/b', json('b1')]]);
        const now = await backend.list('/x/');
        assert.deepEqual(now.items.map((kv) => [kv.key, kv.value]), [['/x/a', json('a2')], ['/x/c', json('c1')]]);
      }));

    it('pages with limit and continue, reporting what remains', t, () =>
      withBackend(open, async ({ backend }) => {
        const keys = Array.from({ length: 25 }, (_, i) => `/p/${String(i).padStart(3, '0')}`);
        for (const key of keys) await backend.create(key, json(key));
        const first = await backend.list('/p/', { limit: 10 });
        assert.equal(first.items.length, 10);
        assert.equal(first.remaining, 15);
        assert.ok(first.continue);
        const { pages } = await listAll(backend, '/p/', 10);
        assert.deepEqual(pages.map((p) => p.length), [10, 10, 5]);
        assert.deepEqual(pages.flat().map((kv) => kv.key), keys);
        const exact = await backend.list('/p/', { limit: 25 });
        assert.equal(exact.continue, undefined, 'no continue when nothing remains');
      }));

    it('keeps every page consistent at the first page revision while writes happen between pages', t, () =>
      withBackend(open, async ({ backend }) => {
        const revs = new Map<string, number>();
        for (let i = 0; i < 40; i++) {
          const key = `/p/${String(i).padStart(3, '0')}`;
          revs.set(key, await backend.create(key, json({ i, gen: 0 })));
        }
        const expected = (await backend.list('/p/')).items;
        const pages: KeyValue[][] = [];
        let page = await backend.list('/p/', { limit: 7 });
        const revision = page.revision;
        let round = 0;
        for (;;) {
          pages.push(page.items);
          // Churn ahead of and behind the cursor: updates, deletes and new keys in the listed range.
          const n = round++;
          const victim = `/p/${String(39 - n).padStart(3, '0')}`;
          await backend.update(victim, json({ gen: n + 1 }), revs.get(victim)!).then((r) => revs.set(victim, r));
          await backend.delete(`/p/${String(n).padStart(3, '0')}`);
          await backend.create(`/p/${String(n).padStart(3, '0')}x`, json({ added: n }));
          if (page.continue === undefined) break;
          page = await backend.list('/p/', { limit: 7, continue: page.continue });
          assert.equal(page.revision, revision, 'every page reports the first page revision');
        }
        assert.deepEqual(pages.flat(), expected);
      }));

    it('pages an explicit-revision list at that revision', t, () =>
      withBackend(open, async ({ backend }) => {
        for (let i = 0; i < 12; i++) await backend.create(`/q/${String(i).padStart(2, '0')}`, json(i));
        const snapshot = await backend.currentRevision();
        for (let i = 0; i < 12; i += 2) await backend.delete(`/q/${String(i).padStart(2, '0')}`);
        const first = await backend.list('/q/', { limit: 5, revision: snapshot });
        assert.equal(first.revision, snapshot);
        const second = await backend.list('/q/', { limit: 5, continue: first.continue! });
        const third = await backend.list('/q/', { limit: 5, continue: second.continue! });
        assert.deepEqual([...first.items, ...second.items, ...third.items].map((kv) => JSON.parse(kv.value)), Array.from({ length: 12 }, (_, i) => i));
        assert.equal(third.continue, undefined);
      }));
  });
}
