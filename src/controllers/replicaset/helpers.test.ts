// Table-driven tests of the ReplicaSet controller's pure parts: deletion order, slow start,
// expectations, availability and status.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../client/index.ts';
import { podsToDelete, POD_DELETION_COST } from './deletion-order.ts';
import { Expectations } from './expectations.ts';
import { availableInMs } from './pod-status.ts';
import { slowStartBatch } from './slow-start.ts';
import { calculateStatus, nextAvailableInMs } from './status.ts';
import { pod, replicaSet } from './testing.ts';

const NOW = Date.UTC(2024, 0, 1, 12);
const H = 3_600_000;

test('deletion order: the cheapest pod to lose goes first', () => {
  const cases = [
    { name: 'unassigned before assigned', pods: [pod('assigned', { node: 'n1' }), pod('unassigned')], first: 'unassigned' },
    { name: 'Pending < Unknown < Running', pods: [pod('running', { node: 'n', phase: 'Running' }), pod('unknown', { node: 'n', phase: 'Unknown' }), pod('pending', { node: 'n', phase: 'Pending' })], first: 'pending', order: ['pending', 'unknown', 'running'] },
    { name: 'not ready before ready', pods: [pod('ready', { node: 'n', phase: 'Running', ready: true }), pod('unready', { node: 'n', phase: 'Running', ready: false })], first: 'unready' },
    { name: 'lower deletion cost first', pods: [pod('costly', { node: 'n', annotations: { [POD_DELETION_COST]: '100' } }), pod('cheap', { node: 'n', annotations: { [POD_DELETION_COST]: '-5' } })], first: 'cheap' },
    { name: 'doubled up on a node first', pods: [pod('alone', { node: 'a' }), pod('crowded', { node: 'b' })], related: [pod('x', { node: 'b' }), pod('y', { node: 'b' })], first: 'crowded' },
    { name: 'ready more recently first', pods: [pod('old-ready', { node: 'n', phase: 'Running', ready: true, readySince: NOW - 10 * H }), pod('new-ready', { node: 'n', phase: 'Running', ready: true, readySince: NOW - 60_000 })], first: 'new-ready' },
    { name: 'more restarts first', pods: [pod('calm', { node: 'n', restarts: 0 }), pod('crashy', { node: 'n', restarts: 7 })], first: 'crashy' },
    { name: 'newer before older', pods: [pod('older', { node: 'n', created: NOW - 10 * H }), pod('newer', { node: 'n', created: NOW - 60_000 })], first: 'newer' },
    { name: 'no creation time before any', pods: [pod('dated', { node: 'n', created: NOW - 1000 }), pod('undated', { node: 'n' })], first: 'undated' },
    { name: 'same log2 age bucket: by UID', pods: [pod('b', { node: 'n', created: NOW - 1000 * 1000, uid: 'bbb' }), pod('a', { node: 'n', created: NOW - 1001 * 1000, uid: 'aaa' })], first: 'a' },
  ];
  for (const c of cases) {
    const chosen = podsToDelete(c.pods, c.related ?? c.pods, c.pods.length - 1, NOW).map((p) => p.metadata!.name);
    if (c.order) assert.deepEqual(chosen, c.order.slice(0, c.pods.length - 1), c.name);
    else assert.equal(chosen[0], c.first, c.name);
  }
  assert.equal(podsToDelete([pod('a'), pod('b')], [], 5, NOW).length, 2, 'diff beyond the pods deletes them all');
});

test('slow start: batches of 1, 2, 4, … stop at the first failing batch', async () => {
  const cases = [
    { count: 10, failAt: Infinity, calls: 10, successes: 10 },
    { count: 10, failAt: 0, calls: 1, successes: 0 },
    { count: 10, failAt: 2, calls: 3, successes: 2 }, // batches 1, 2 → third call fails inside the batch of 2
    { count: 10, failAt: 5, calls: 7, successes: 6 }, // 1 + 2 + 4: the 6th call fails; the batch of 4 still runs whole
    { count: 0, failAt: Infinity, calls: 0, successes: 0 },
  ];
  for (const c of cases) {
    let calls = 0;
    const { successes, error } = await slowStartBatch(c.count, 1, async () => {
      if (calls++ === c.failAt) throw new Error('quota');
    });
    assert.equal(calls, c.calls, `calls for ${JSON.stringify(c)}`);
    assert.equal(successes, c.successes, `successes for ${JSON.stringify(c)}`);
    assert.equal(error !== undefined, c.failAt < c.count);
  }
});

test('expectations: satisfied after observing, ignoring strangers, or after five minutes', async () => {
  const clock = new FakeClock();
  const e = new Expectations(clock);
  assert.ok(e.satisfied('ns/rs'), 'no record');
  e.expectCreations('ns/rs', 2);
  assert.ok(!e.satisfied('ns/rs'));
  e.creationObserved('ns/rs');
  e.creationObserved('ns/rs');
  assert.ok(e.satisfied('ns/rs'));
  e.expectDeletions('ns/rs', ['ns/a', 'ns/b']);
  e.deletionObserved('ns/rs', 'ns/stranger');
  e.deletionObserved('ns/rs', 'ns/a');
  e.deletionObserved('ns/rs', 'ns/a');
  assert.deepEqual(e.pending('ns/rs'), { adds: 0, dels: 1 });
  await clock.advance(5 * 60_000 + 1);
  assert.ok(e.satisfied('ns/rs'), 'expired');
});

test('availability honours minReadySeconds strictly', () => {
  const cases = [
    { name: 'not ready', p: pod('a', { ready: false }), min: 0, want: undefined },
    { name: 'ready, no minReady', p: pod('a', { ready: true }), min: 0, want: 0 },
    { name: 'ready 5 s of 10', p: pod('a', { ready: true, readySince: NOW - 5000 }), min: 10, want: 5001 },
    { name: 'ready exactly 10 s', p: pod('a', { ready: true, readySince: NOW - 10_000 }), min: 10, want: 1 },
    { name: 'ready 11 s', p: pod('a', { ready: true, readySince: NOW - 11_000 }), min: 10, want: 0 },
    { name: 'ready without time', p: pod('a', { ready: true }), min: 10, want: undefined },
  ];
  for (const c of cases) assert.equal(availableInMs(c.p, c.min, NOW), c.want, c.name);
});

test('status: counts, ReplicaFailure set on error and cleared after', () => {
  const rs = replicaSet('web', 3, { minReadySeconds: 10 });
  const pods = [
    pod('a', { ready: true, readySince: NOW - 60_000 }),
    pod('b', { ready: true, readySince: NOW - 2000 }),
    pod('c', { ready: false, labels: { app: 'web', extra: 'x' } }),
    pod('d', { labels: { other: 'y' } }),
  ];
  const st = calculateStatus(rs, pods.slice(0, 3), undefined, NOW);
  assert.deepEqual([st.replicas, st.fullyLabeledReplicas, st.readyReplicas, st.availableReplicas], [3, 3, 2, 1]);
  assert.equal(calculateStatus(rs, pods, undefined, NOW).fullyLabeledReplicas, 3, 'a pod missing template labels is not fully labeled');
  assert.equal(nextAvailableInMs(rs, pods, NOW), 8001);
  const failed = calculateStatus(rs, pods.slice(0, 1), new Error('exceeded quota'), NOW);
  assert.deepEqual(failed.conditions?.map((c) => [c.type, c.status, c.reason, c.message]), [['ReplicaFailure', 'True', 'FailedCreate', 'exceeded quota']]);
  const cleared = calculateStatus({ ...rs, status: failed }, pods.slice(0, 3), undefined, NOW);
  assert.equal(cleared.conditions, undefined);
});
