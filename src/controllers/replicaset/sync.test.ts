// ReplicaSetSyncer against in-memory stores and a recording fake of its API writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { ReplicaSet } from 'kubernetes-types/apps/v1.d.ts';
import { FakeClock, type Store } from '../../client/index.ts';
import { Expectations } from './expectations.ts';
import { ReplicaSetSyncer } from './sync.ts';
import { FakeReplicaSetApi, RecordingEvents, pod, quietLogger, replicaSet, storeOf } from './testing.ts';

function setup(rs: ReplicaSet, pods: Pod[] = []) {
  const clock = new FakeClock(Date.UTC(2024, 0, 1, 12));
  const replicaSets = storeOf(rs);
  const podStore: Store<Pod> = storeOf(...pods);
  const api = new FakeReplicaSetApi(replicaSets);
  const events = new RecordingEvents();
  const expectations = new Expectations(clock);
  const syncer = new ReplicaSetSyncer({ replicaSets, pods: podStore, api, expectations, recorder: events, clock, logger: quietLogger });
  return { clock, replicaSets, podStore, api, events, expectations, syncer };
}

test('creates the missing pods from the template, once, until the cache catches up', async () => {
  const rs = replicaSet('web', 3);
  const { api, events, syncer, expectations, podStore } = setup(rs);
  await syncer.sync('default/web');
  assert.equal(api.created.length, 3);
  const made = api.created[0]!;
  assert.equal(made.metadata?.generateName, 'web-');
  assert.deepEqual(made.metadata?.labels, { app: 'web' });
  assert.deepEqual(made.metadata?.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true }]);
  assert.deepEqual(events.events.map((e) => e.reason), ['SuccessfulCreate', 'SuccessfulCreate', 'SuccessfulCreate']);
  assert.match(events.events[0]!.message, /^Created pod: web-/);
  await syncer.sync('default/web');
  assert.equal(api.created.length, 3, 'no second round while creations are unobserved');
  for (const p of api.created) {
    podStore.put(p);
    expectations.creationObserved('default/web');
  }
  await syncer.sync('default/web');
  assert.equal(api.created.length, 3);
  assert.equal(api.statuses.at(-1)?.status?.replicas, 3);
  assert.equal(api.statuses.at(-1)?.status?.observedGeneration, 1);
});

test('a failing create stops the slow start and sets ReplicaFailure', async () => {
  const rs = replicaSet('web', 10);
  const { api, events, syncer, expectations } = setup(rs);
  api.failCreatesAfter = 3;
  await assert.rejects(syncer.sync('default/web'), /exceeded quota/);
  assert.equal(api.created.length, 3, 'batches 1 and 2 succeed; the batch of 4 fails');
  assert.ok(events.events.some((e) => e.reason === 'FailedCreate' && e.message.startsWith('Error creating: pods "x" is forbidden: exceeded quota')));
  const cond = api.statuses.at(-1)?.status?.conditions?.[0];
  assert.deepEqual([cond?.type, cond?.status, cond?.reason], ['ReplicaFailure', 'True', 'FailedCreate']);
  assert.deepEqual(expectations.pending('default/web'), { adds: 3, dels: 0 }, 'only the successful creates stay expected');
});

test('scales down the least valuable pods and ignores terminating ones', async () => {
  const rs = replicaSet('web', 2);
  const owner = rs;
  const pods = [
    pod('ready-1', { owner, node: 'n', phase: 'Running', ready: true, readySince: 1000 }),
    pod('ready-2', { owner, node: 'n', phase: 'Running', ready: true, readySince: 1000 }),
    pod('pending', { owner, node: 'n', phase: 'Pending' }),
    pod('unassigned', { owner }),
    pod('going', { owner, node: 'n', phase: 'Running', ready: true, deleting: true }),
  ];
  const { api, events, syncer } = setup(rs, pods);
  await syncer.sync('default/web');
  assert.deepEqual(api.deleted.sort(), ['default/pending', 'default/unassigned']);
  assert.equal(events.events.filter((e) => e.reason === 'SuccessfulDelete').length, 2);
  assert.equal(api.statuses.at(-1)?.status?.replicas, 4, 'the terminating pod does not count');
});

test('adopts matching orphans and releases owned pods that stopped matching', async () => {
  const rs = replicaSet('web', 2);
  const pods = [pod('orphan'), pod('mine', { owner: rs, labels: { app: 'other' } }), pod('theirs', { owner: replicaSet('other', 1) })];
  const { api, syncer } = setup(rs, pods);
  await syncer.sync('default/web');
  const byName = Object.fromEntries(api.patched.map((p) => [p.name, JSON.stringify(p.patch)]));
  assert.match(byName.orphan!, /"uid":"uid-web","controller":true/);
  assert.match(byName.mine!, /"\$patch":"delete","uid":"uid-web"/);
  assert.equal(byName.theirs, undefined);
  assert.equal(api.created.length, 1, 'the adopted orphan counts toward replicas');
});

test('requeues when ready pods still wait out minReadySeconds', async () => {
  const clock0 = Date.UTC(2024, 0, 1, 12);
  const rs = replicaSet('web', 1, { minReadySeconds: 30 });
  const { syncer, api } = setup(rs, [pod('a', { owner: rs, node: 'n', phase: 'Running', ready: true, readySince: clock0 - 10_000 })]);
  const result = await syncer.sync('default/web');
  assert.deepEqual(result, { requeueAfter: 20_001 });
  assert.equal(api.statuses.at(-1)?.status?.availableReplicas, 0);
});

test('a deleted ReplicaSet forgets its expectations', async () => {
  const { syncer, expectations, replicaSets } = setup(replicaSet('web', 1));
  expectations.expectCreations('default/web', 1);
  replicaSets.remove('default/web');
  await syncer.sync('default/web');
  assert.equal(expectations.pending('default/web'), undefined);
});
