import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Job } from 'kubernetes-types/batch/v1.d.ts';
import { flush } from '../../client/index.ts';
import { FakeApi } from './testing.ts';
import { TtlAfterFinishedController, timeLeft } from './ttl-after-finished.ts';

const T = Date.UTC(2024, 0, 1);
const finished = (ttl: number | undefined, type = 'Complete', at = '2024-01-01T00:00:00Z'): Job => ({
  metadata: { namespace: 'ns', name: 'j' },
  spec: { ...(ttl !== undefined ? { ttlSecondsAfterFinished: ttl } : {}), template: {} },
  status: { conditions: [{ type, status: 'True', lastTransitionTime: at }] },
});

describe('timeLeft', () => {
  const cases: [string, Job, number, number | undefined][] = [
    ['no TTL', finished(undefined), T, undefined],
    ['not finished', { ...finished(10), status: {} }, T, undefined],
    ['complete, 10 s TTL, 4 s later', finished(10), T + 4000, 6000],
    ['failed counts too', finished(10, 'Failed'), T + 4000, 6000],
    ['TTL 0: now', finished(0), T, 0],
    ['long past', finished(10), T + 60_000, 0],
    ['being deleted', { ...finished(0), metadata: { namespace: 'ns', name: 'j', deletionTimestamp: '2024-01-01T00:00:00Z' } }, T, undefined],
  ];
  for (const [name, job, now, want] of cases) it(name, () => assert.equal(timeLeft(job, now), want));
});

describe('TtlAfterFinishedController', () => {
  const api = new FakeApi();
  const abort = new AbortController();
  let controller: TtlAfterFinishedController;
  before(async () => {
    const ctx = api.context();
    controller = new TtlAfterFinishedController(ctx);
    ctx.informers.start(abort.signal);
    await ctx.informers.waitForSync();
  });
  after(() => abort.abort());

  it('waits for the TTL, then deletes the Job in the foreground with a UID precondition', async () => {
    api.put('jobs', { ...finished(30), metadata: { namespace: 'ns', name: 'j', finalizers: ['foregroundDeletion'] } });
    await flush();
    assert.deepEqual(await controller.reconcile('ns/j'), { requeueAfter: 30_000 });
    await api.clock.advance(30_000);
    await controller.reconcile('ns/j');
    const del = api.transport.find('DELETE', '/jobs/j')[0]!;
    assert.deepEqual((del.json as { propagationPolicy: string }).propagationPolicy, 'Foreground');
    assert.equal((del.json as { preconditions: { uid: string } }).preconditions.uid, api.get<Job>('jobs', 'ns', 'j')!.metadata!.uid);
  });
});
