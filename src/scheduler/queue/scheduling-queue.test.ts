import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { FakeClock } from '../../client/index.ts';
import { ActionType, NODE_ADD, ASSIGNED_POD_DELETE, nodeUpdateEvent, type ClusterEventWithHint } from '../framework/events.ts';
import { PrioritySort } from '../plugins/queuesort/priority-sort.ts';
import { node, pod } from '../testing/builders.ts';
import { SchedulingQueue, type QueuedPodInfo } from './scheduling-queue.ts';

const events = new Map<string, ClusterEventWithHint[]>([
  ['NodeResourcesFit', [{ event: { resource: 'Pod', actionType: ActionType.Delete } }, { event: { resource: 'Node', actionType: ActionType.Add } }]],
  ['TaintToleration', [{ event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeTaint }, hint: (_p, _o, n) => ((n as { spec?: { taints?: unknown[] } }).spec?.taints?.length ? 'Skip' : 'Queue') }]],
]);

function newQueue(clock = new FakeClock()) {
  const sort = new PrioritySort();
  return { clock, q: new SchedulingQueue({ clock, less: (a, b) => sort.less(a, b), pluginEvents: () => events }) };
}

async function popName(q: SchedulingQueue): Promise<string | undefined> {
  return (await q.pop())?.pod.metadata?.name;
}

/** Pops `p`, then reports it rejected by `plugins`. */
async function reject(q: SchedulingQueue, plugins: string[]): Promise<QueuedPodInfo> {
  const info = (await q.pop())!;
  q.addUnschedulable({ ...info, unschedulablePlugins: new Set(plugins) }, q.schedulingCycle);
  q.done(info.key);
  return info;
}

test('activeQ pops by priority, then by queue time', async () => {
  const { clock, q } = newQueue();
  q.add(pod('low').obj());
  await clock.advance(1);
  q.add(pod('high').priority(100).obj());
  await clock.advance(1);
  q.add(pod('low2').obj());
  assert.deepEqual([await popName(q), await popName(q), await popName(q)], ['high', 'low', 'low2']);
  q.close();
});

test('pop waits for a pod and ends on close', async () => {
  const { q } = newQueue();
  const waiting = q.pop();
  q.add(pod('late').obj());
  assert.equal((await waiting)?.pod.metadata?.name, 'late');
  const after = q.pop();
  q.close();
  assert.equal(await after, undefined);
});

test('back-off doubles per attempt from 1 s to at most 10 s', () => {
  const { q } = newQueue();
  const info = (attempts: number): QueuedPodInfo => ({ pod: pod('p').obj(), key: 'default/p', timestamp: 0, attempts, unschedulablePlugins: new Set() });
  assert.deepEqual([1, 2, 3, 4, 5, 6].map((a) => q.backoffDuration(info(a))), [1000, 2000, 4000, 8000, 10000, 10000]);
  q.close();
});

test('an error (no rejecting plugin) goes to backoffQ and returns to activeQ when back-off expires', async () => {
  const { clock, q } = newQueue();
  q.add(pod('p').obj());
  await reject(q, []);
  assert.equal(q.has('default/p'), 'backoff');
  await clock.advance(999);
  assert.equal(q.has('default/p'), 'backoff');
  await clock.advance(1);
  assert.equal(q.has('default/p'), 'active');
  q.close();
});

test('unschedulable pods move only on events their plugins registered, subject to hints', async () => {
  const cases = [
    { name: 'node added, Fit rejected', plugins: ['NodeResourcesFit'], fire: (q: SchedulingQueue) => q.onEvent(NODE_ADD, undefined, node('n').obj()), moved: true },
    { name: 'assigned pod deleted, Fit rejected', plugins: ['NodeResourcesFit'], fire: (q: SchedulingQueue) => q.onEvent(ASSIGNED_POD_DELETE, pod('x').obj(), undefined), moved: true },
    { name: 'assigned pod deleted, taint rejected', plugins: ['TaintToleration'], fire: (q: SchedulingQueue) => q.onEvent(ASSIGNED_POD_DELETE, pod('x').obj(), undefined), moved: false },
    { name: 'tainted node added: hint skips', plugins: ['TaintToleration'], fire: (q: SchedulingQueue) => q.onEvent(NODE_ADD, undefined, node('n').taint('a', 'NoSchedule').obj()), moved: false },
    { name: 'taint removed: hint queues', plugins: ['TaintToleration'], fire: (q: SchedulingQueue) => q.onEvent(nodeUpdateEvent(node('n').taint('a', 'NoSchedule').obj(), node('n').obj()), node('n').taint('a', 'NoSchedule').obj(), node('n').obj()), moved: true },
    { name: 'label-only node update: not registered', plugins: ['TaintToleration'], fire: (q: SchedulingQueue) => q.onEvent(nodeUpdateEvent(node('n').obj(), node('n').labels({ x: 'y' }).obj()), node('n').obj(), node('n').labels({ x: 'y' }).obj()), moved: false },
  ];
  for (const c of cases) {
    const { clock, q } = newQueue();
    q.add(pod('p').obj());
    await reject(q, c.plugins);
    assert.equal(q.has('default/p'), 'unschedulable', c.name);
    await clock.advance(5000); // past its back-off, so a move goes straight to activeQ
    c.fire(q);
    assert.equal(q.has('default/p'), c.moved ? 'active' : 'unschedulable', c.name);
    q.close();
  }
});

test('a moved pod still backing off waits in backoffQ', async () => {
  const { clock, q } = newQueue();
  q.add(pod('p').obj());
  await reject(q, ['NodeResourcesFit']);
  q.onEvent(NODE_ADD, undefined, node('n').obj());
  assert.equal(q.has('default/p'), 'backoff');
  await clock.advance(1000);
  assert.equal(q.has('default/p'), 'active');
  q.close();
});

test('an event during the pod’s cycle sends a rejection to backoffQ, not unschedulable', async () => {
  const { q } = newQueue();
  q.add(pod('p').obj());
  const info = (await q.pop())!;
  q.onEvent(NODE_ADD, undefined, node('n').obj());
  q.addUnschedulable({ ...info, unschedulablePlugins: new Set(['TaintToleration']) }, q.schedulingCycle);
  q.done(info.key);
  assert.equal(q.has('default/p'), 'backoff');
  q.close();
});

test('unschedulable pods are flushed after podMaxInUnschedulable (5 min) regardless of events', async () => {
  const { clock, q } = newQueue();
  q.add(pod('p').obj());
  await reject(q, ['TaintToleration']);
  await clock.advance(4 * 60_000);
  assert.equal(q.has('default/p'), 'unschedulable');
  await clock.advance(90_000);
  assert.equal(q.has('default/p'), 'active');
  q.close();
});

test('updates: a spec change retries an unschedulable pod, a status change does not', async () => {
  const { clock, q } = newQueue();
  const p = pod('p').obj();
  q.add(p);
  await reject(q, ['TaintToleration']);
  await clock.advance(5000);
  q.update({ ...p, status: { conditions: [{ type: 'PodScheduled', status: 'False' }] } });
  assert.equal(q.has('default/p'), 'unschedulable');
  const tolerating: Pod = structuredClone(p);
  tolerating.spec!.tolerations = [{ operator: 'Exists' }];
  q.update(tolerating);
  assert.equal(q.has('default/p'), 'active');
  q.close();
});

test('a pod deleted while in flight is not requeued', async () => {
  const { q } = newQueue();
  const p = pod('p').obj();
  q.add(p);
  const info = (await q.pop())!;
  q.delete(p);
  q.addUnschedulable({ ...info, unschedulablePlugins: new Set(['NodeResourcesFit']) }, q.schedulingCycle);
  q.done(info.key);
  assert.equal(q.has('default/p'), undefined);
  assert.deepEqual(q.lengths(), { active: 0, backoff: 0, unschedulable: 0, inFlight: 0 });
  q.close();
});
