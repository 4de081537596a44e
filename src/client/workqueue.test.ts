import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from './clock.ts';
import { ItemExponentialRateLimiter, TokenBucketRateLimiter, defaultControllerRateLimiter } from './rate-limit.ts';
import { WorkQueue } from './workqueue.ts';

test('keys are deduplicated and handed out in order', async () => {
  const q = new WorkQueue({ clock: new FakeClock() });
  for (const k of ['a', 'b', 'a', 'c', 'b']) q.add(k);
  assert.equal(q.len(), 3);
  assert.deepEqual([await q.get(), await q.get(), await q.get()], ['a', 'b', 'c']);
});

test('a key re-added while processing comes back only after done, never twice at once', async () => {
  const q = new WorkQueue({ clock: new FakeClock() });
  q.add('a');
  assert.equal(await q.get(), 'a');
  q.add('a');
  q.add('a');
  assert.equal(q.len(), 0, 'not handed to another worker while in progress');
  q.done('a');
  assert.equal(q.len(), 1);
  assert.equal(await q.get(), 'a');
  q.done('a');
  assert.equal(q.len(), 0);
});

test('a waiting get is woken by add', async () => {
  const q = new WorkQueue({ clock: new FakeClock() });
  const waiting = q.get();
  q.add('x');
  assert.equal(await waiting, 'x');
});

test('addAfter waits on the clock and keeps the earliest delay per key', async () => {
  const clock = new FakeClock();
  const q = new WorkQueue({ clock });
  q.addAfter('a', 100);
  q.addAfter('a', 50);
  q.addAfter('a', 500);
  await clock.advance(49);
  assert.equal(q.len(), 0);
  await clock.advance(1);
  assert.equal(q.len(), 1);
  await clock.advance(1000);
  assert.equal(q.len(), 1, 'the later timers were replaced, not added');
});

test('per-item back-off doubles from 5 ms to 1000 s; forget resets it', () => {
  const limiter = new ItemExponentialRateLimiter();
  const delays = Array.from({ length: 20 }, () => limiter.when('k'));
  assert.deepEqual(delays.slice(0, 4), [5, 10, 20, 40]);
  assert.equal(delays.at(-1), 1_000_000);
  assert.equal(limiter.numRequeues('k'), 20);
  limiter.forget('k');
  assert.equal(limiter.when('k'), 5);
});

test('the token bucket allows a burst of 100, then 10 per second', async () => {
  const clock = new FakeClock();
  const bucket = new TokenBucketRateLimiter(clock, 10, 100);
  const burst = Array.from({ length: 100 }, () => bucket.when());
  assert.ok(burst.every((d) => d === 0));
  assert.deepEqual([bucket.when(), bucket.when()], [100, 200]);
  await clock.advance(1000);
  assert.equal(bucket.when(), 0, 'refilled 10 tokens, 2 were already reserved');
});

test('addRateLimited uses the larger of item back-off and bucket; shutDown drains then ends', async () => {
  const clock = new FakeClock();
  const q = new WorkQueue({ clock, rateLimiter: defaultControllerRateLimiter(clock) });
  q.addRateLimited('k');
  q.addRateLimited('k');
  assert.equal(q.numRequeues('k'), 2);
  await clock.advance(5);
  assert.equal(q.len(), 1);
  q.forget('k');
  assert.equal(q.numRequeues('k'), 0);
  q.addAfter('later', 1000);
  const idle = new WorkQueue({ clock });
  const waiter = idle.get();
  idle.shutDown();
  assert.equal(await waiter, undefined);
  q.shutDown();
  q.add('ignored');
  assert.equal(await q.get(), 'k', 'queued keys are still drained');
  assert.equal(await q.get(), undefined);
  assert.equal(clock.pending(), 0, 'delayed adds were dropped');
});
