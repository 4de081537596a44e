import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { FakeClock, flush } from '../client/index.ts';
import { createLogger } from '../log/logger.ts';
import { defaultConfiguration } from './framework/config.ts';
import { inTreeRegistry } from './plugins/registry.ts';
import { Scheduler, type SchedulerApi } from './scheduler.ts';
import { node, pod } from './testing/builders.ts';

/** Records writes; binds are echoed back as informer updates, as the API server would. */
function recordingApi(failBinds = false) {
  const calls = { binds: [] as string[], events: [] as string[], conditions: [] as unknown[], deletes: [] as string[] };
  let scheduler!: Scheduler;
  const api: SchedulerApi = {
    async bind(p, nodeName) {
      if (failBinds) throw new Error('bind refused');
      calls.binds.push(`${p.metadata!.name}→${nodeName}`);
      const bound: Pod = { ...p, spec: { ...p.spec!, nodeName } };
      scheduler.onPodUpdate({ ...p, spec: { ...p.spec!, nodeName: undefined } }, bound);
    },
    async patchPodStatus(_p, patch) {
      calls.conditions.push(patch);
    },
    async event(component, p, type, reason, message) {
      calls.events.push(`${component} ${type} ${reason} ${p.metadata!.name}: ${message}`);
    },
    async deletePod(p) {
      calls.deletes.push(p.metadata!.name!);
      scheduler.onPodDelete(p);
    },
  };
  return { api, calls, attach: (s: Scheduler) => (scheduler = s) };
}

function start(failBinds = false) {
  const clock = new FakeClock();
  const rec = recordingApi(failBinds);
  const scheduler = new Scheduler({ api: rec.api, config: defaultConfiguration(), registry: inTreeRegistry, clock, logger: createLogger({ level: 'error' }), random: () => 0 });
  rec.attach(scheduler);
  const stop = new AbortController();
  const running = scheduler.run(stop.signal);
  return { clock, scheduler, calls: rec.calls, stop: async () => (stop.abort(), await running) };
}

test('binds pending pods to fitting nodes and records Scheduled events', async () => {
  const s = start();
  s.scheduler.onNodeAdd(node('small').cap({ cpu: '1' }).obj());
  s.scheduler.onNodeAdd(node('big').cap({ cpu: '4' }).obj());
  s.scheduler.onPodAdd(pod('web').req({ cpu: '2' }).obj());
  s.scheduler.onPodAdd(pod('other').schedulerName('someone-else').obj());
  await flush();
  assert.deepEqual(s.calls.binds, ['web→big']);
  assert.deepEqual(s.calls.events, ['default-scheduler Normal Scheduled web: Successfully assigned default/web to big']);
  await s.stop();
});

test('assumed pods count at once: the second pod does not land on the node the first filled', async () => {
  const s = start();
  s.scheduler.onNodeAdd(node('a').cap({ cpu: '1' }).obj());
  s.scheduler.onNodeAdd(node('b').cap({ cpu: '1' }).obj());
  s.scheduler.onPodAdd(pod('p1').req({ cpu: '800m' }).obj());
  s.scheduler.onPodAdd(pod('p2').req({ cpu: '800m' }).obj());
  await flush();
  const nodes = s.calls.binds.map((b) => b.split('→')[1]).sort();
  assert.deepEqual(nodes, ['a', 'b']);
  await s.stop();
});

test('an unfit pod gets FailedScheduling and PodScheduled=False, then is scheduled when a node is added', async () => {
  const s = start();
  s.scheduler.onNodeAdd(node('cp').taint('node-role.kubernetes.io/control-plane', 'NoSchedule').obj());
  s.scheduler.onNodeAdd(node('w1').cap({ cpu: '1' }).obj());
  s.scheduler.onNodeAdd(node('w2').cap({ cpu: '1' }).obj());
  s.scheduler.onPodAdd(pod('big').req({ cpu: '2' }).obj());
  await flush();
  const msg = '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';
  assert.deepEqual(s.calls.events, [`default-scheduler Warning FailedScheduling big: ${msg}`]);
  const cond = (s.calls.conditions[0] as { status: { conditions: { type: string; status: string; reason: string; message: string }[] } }).status.conditions[0]!;
  assert.deepEqual([cond.type, cond.status, cond.reason, cond.message], ['PodScheduled', 'False', 'Unschedulable', msg]);
  assert.equal(s.scheduler.queue.has('default/big'), 'unschedulable');
  await s.clock.advance(2000); // past back-off; nothing happens without an event
  assert.deepEqual(s.calls.binds, []);
  s.scheduler.onNodeAdd(node('w3').cap({ cpu: '4' }).obj());
  await flush();
  assert.deepEqual(s.calls.binds, ['big→w3']);
  await s.stop();
});

test('a failed bind forgets the assumed pod and retries with back-off', async () => {
  const s = start(true);
  s.scheduler.onNodeAdd(node('n1').obj());
  s.scheduler.onPodAdd(pod('p').obj());
  await flush();
  assert.match(s.calls.events[0]!, /Warning FailedScheduling p: running DefaultBinder plugin: bind refused/);
  assert.equal(s.scheduler.queue.has('default/p'), 'backoff');
  assert.equal(s.scheduler.cache.isAssumed(pod('p').obj()), false);
  await s.stop();
});
