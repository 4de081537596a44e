import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../log/logger.ts';
import { FakeClock, flush } from './clock.ts';
import { ControllerRunner } from './controller.ts';

const quiet = createLogger({ level: 'error', write: () => undefined });

function syncGate() {
  let open: (v: boolean) => void = () => undefined;
  const synced = new Promise<boolean>((r) => (open = r));
  return { source: { waitForSync: () => synced }, open: () => open(true) };
}

test('workers start after sync; failures retry with back-off; success forgets; requeueAfter asks again later', async () => {
  const clock = new FakeClock();
  const gate = syncGate();
  const calls: string[] = [];
  let failures = 2;
  const runner = new ControllerRunner({
    name: 'test',
    clock,
    logger: quiet,
    workers: 2,
    waitFor: [gate.source],
    async reconcile(key) {
      calls.push(`${key}@${clock.now() - Date.UTC(2024, 0, 1)}`);
      if (key === 'ns/flaky' && failures-- > 0) throw new Error('not yet');
      if (key === 'ns/timer' && calls.length < 10) return { requeueAfter: 1000 };
    },
  });
  const abort = new AbortController();
  const running = runner.run(abort.signal);
  runner.enqueue({ metadata: { namespace: 'ns', name: 'flaky' } });
  runner.queue.add('ns/timer');
  await flush();
  assert.equal(calls.length, 0, 'nothing runs before the caches sync');
  gate.open();
  await clock.advance(0);
  await clock.advance(5);
  await clock.advance(10);
  assert.deepEqual(calls.filter((c) => c.startsWith('ns/flaky')), ['ns/flaky@0', 'ns/flaky@5', 'ns/flaky@15']);
  assert.equal(runner.queue.numRequeues('ns/flaky'), 0, 'success forgot the failures');
  await clock.advance(1000);
  assert.deepEqual(calls.filter((c) => c.startsWith('ns/timer')), ['ns/timer@0', 'ns/timer@1000']);
  abort.abort();
  await running;
});

test('shutdown waits for in-flight reconciles and never runs one key on two workers', async () => {
  const clock = new FakeClock();
  let inFlight = 0;
  let maxInFlight = 0;
  let release: () => void = () => undefined;
  const runner = new ControllerRunner({
    name: 'test',
    clock,
    logger: quiet,
    workers: 4,
    async reconcile() {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise<void>((r) => (release = r));
      inFlight--;
    },
  });
  const abort = new AbortController();
  const running = runner.run(abort.signal);
  runner.queue.add('k');
  await flush();
  runner.queue.add('k');
  runner.queue.add('k');
  await flush();
  assert.equal(maxInFlight, 1);
  abort.abort();
  let finished = false;
  void running.then(() => (finished = true));
  await flush();
  assert.equal(finished, false, 'still waiting for the in-flight reconcile');
  release();
  await running;
  assert.equal(maxInFlight, 1);
});
