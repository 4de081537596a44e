// Conformance: bad input is refused with InvalidInputError and the right reason, and the store stays
// usable afterwards.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_VALUE_BYTES, type Backend } from '../backend.ts';
import { InvalidInputError } from '../errors.ts';
import { json, withBackend, type Opener, type ResolvedOptions } from './harness.ts';

type Reason = InvalidInputError['reason'];

function invalid(reason: Reason) {
  return (err: unknown) => {
    assert.ok(err instanceof InvalidInputError, `expected InvalidInputError, got ${String(err)}`);
    assert.equal(err.reason, reason);
    return true;
  };
}

/** A watch may refuse bad input when called or from its iterator; both count. */
async function drainWatch(backend: Backend, prefix: string): Promise<void> {
  for await (const event of backend.watch(prefix, 0, { signal: AbortSignal.timeout(5_000) })) assert.fail(`unexpected ${event.key}`);
}

const badKeys = ['', 'no-leading-slash', '/has space', '/tab\there', '/naïve', '/new\nline', `/${'k'.repeat(1024)}`];
const badValues = ['', '{', 'undefined', "{'single': 1}", '{"a":1}x'];

export function describeInvalidInput(open: Opener, opts: ResolvedOptions): void {
  const t = { timeout: opts.timeoutMs };

  describe('bad input', () => {
    it('refuses invalid keys in every verb with reason InvalidKey', t, () =>
      withBackend(open, async ({ backend }) => {
        const r = await backend.create('/ok', json(1));
        for (const key of badKeys) {
          await assert.rejects(async () => backend.create(key, json(1)), invalid('InvalidKey'), `create ${JSON.stringify(key)}`);
          await assert.rejects(async () => backend.get(key), invalid('InvalidKey'));
          await assert.rejects(async () => backend.update(key, json(1), r), invalid('InvalidKey'));
          await assert.rejects(async () => backend.delete(key), invalid('InvalidKey'));
        }
        for (const prefix of ['', 'relative/', '/bad prefix/']) {
          await assert.rejects(async () => backend.list(prefix), invalid('InvalidKey'));
          await assert.rejects(async () => backend.count(prefix), invalid('InvalidKey'));
          await assert.rejects(() => drainWatch(backend, prefix), invalid('InvalidKey'));
        }
        assert.equal(await backend.currentRevision(), r, 'nothing was written');
      }));

    it('refuses values that are not JSON with reason InvalidValue', t, () =>
      withBackend(open, async ({ backend }) => {
        const r = await backend.create('/ok', json(1));
        for (const value of badValues) {
          await assert.rejects(async () => backend.create('/v', value), invalid('InvalidValue'), `create ${JSON.stringify(value)}`);
          await assert.rejects(async () => backend.update('/ok', value, r), invalid('InvalidValue'));
        }
        assert.equal(await backend.get('/v'), undefined);
        assert.equal((await backend.get('/ok'))?.value, json(1));
      }));

    it(`refuses values over ${MAX_VALUE_BYTES} bytes with reason ValueTooLarge and accepts one at the limit`, t, () =>
      withBackend(open, async ({ backend }) => {
        const fits = json('x'.repeat(MAX_VALUE_BYTES - 2));
        const tooBig = json('x'.repeat(MAX_VALUE_BYTES - 1));
        await assert.rejects(async () => backend.create('/big', tooBig), invalid('ValueTooLarge'));
        const r = await backend.create('/big', fits);
        assert.equal((await backend.get('/big'))?.value.length, MAX_VALUE_BYTES);
        await assert.rejects(async () => backend.update('/big', tooBig, r), invalid('ValueTooLarge'));
        const multibyte = json('é'.repeat(MAX_VALUE_BYTES / 2));
        await assert.rejects(async () => backend.create('/big2', multibyte), invalid('ValueTooLarge'), 'the limit is in bytes, not characters');
      }));

    it('refuses bad TTLs with reason InvalidTTL and bad continue tokens with InvalidContinue', t, () =>
      withBackend(open, async ({ backend }) => {
        for (const ttlSeconds of [0, -1, 1.5, Number.NaN]) {
          await assert.rejects(async () => backend.create('/ttl', json(1), { ttlSeconds }), invalid('InvalidTTL'));
        }
        await backend.create('/p/a', json(1));
        for (const token of ['garbage', '!!!', Buffer.from('{"x":1}').toString('base64')]) {
          await assert.rejects(async () => backend.list('/p/', { limit: 1, continue: token }), invalid('InvalidContinue'), `token ${JSON.stringify(token)}`);
        }
      }));

    it('stays fully usable after refusing bad input', t, () =>
      withBackend(open, async ({ backend }) => {
        await assert.rejects(async () => backend.create('bad', json(1)), InvalidInputError);
        await assert.rejects(async () => backend.create('/x', '{'), InvalidInputError);
        const [a, b] = await Promise.allSettled([backend.create('/x', 'nope'), backend.create('/y', json('fine'))]);
        assert.equal(a.status, 'rejected');
        assert.equal(b.status, 'fulfilled', 'a bad write does not fail writes submitted beside it');
        const r = await backend.create('/x', json('ok'));
        assert.equal((await backend.get('/x'))?.modRevision, r);
        assert.equal(await backend.count('/'), 2);
      }));
  });
}
