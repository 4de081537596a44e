import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../client/index.ts';
import { inTreeRegistry, type PluginRegistry } from '../plugins/registry.ts';
import { numFeasibleNodesToFind, schedulePod, selectHost } from '../schedule-one.ts';
import { node, pod } from '../testing/builders.ts';
import { fakeHandle } from '../testing/run-plugin.ts';
import { Snapshot } from './cache.ts';
import type { Plugins } from './config.ts';
import { Framework } from './framework.ts';
import { CycleState, type FilterPlugin, type PermitPlugin, type ScorePlugin } from './interface.ts';
import { Code, SUCCESS, Status } from './status.ts';
import { WaitingPods } from './waiting-pods.ts';

const throwing: FilterPlugin = { name: 'Boom', filter: () => { throw new Error('kaput'); } };
const constantScore = (name: string, score: number): ScorePlugin => ({ name, score: () => score });
const registry: PluginRegistry = { ...inTreeRegistry, Boom: () => throwing, Ten: () => constantScore('Ten', 10), Twenty: () => constantScore('Twenty', 20) };
const clock = new FakeClock();

function fw(plugins: Plugins | undefined, snapshot = new Snapshot()) {
  return new Framework({ schedulerName: 'test', plugins }, registry, fakeHandle(snapshot), new WaitingPods(clock));
}

test('default profile: plugins per extension point in upstream order', () => {
  const d = fw(undefined).describe();
  assert.deepEqual(d.preFilter, ['NodeAffinity', 'NodePorts', 'NodeResourcesFit', 'VolumeBinding', 'PodTopologySpread', 'InterPodAffinity']);
  assert.deepEqual(d.filter, ['NodeUnschedulable', 'NodeName', 'TaintToleration', 'NodeAffinity', 'NodePorts', 'NodeResourcesFit', 'VolumeBinding', 'PodTopologySpread', 'InterPodAffinity']);
  assert.deepEqual(d.score, ['TaintToleration', 'NodeAffinity', 'NodeResourcesFit', 'PodTopologySpread', 'InterPodAffinity', 'NodeResourcesBalancedAllocation', 'ImageLocality']);
  assert.deepEqual(d.bind, ['DefaultBinder']);
  assert.deepEqual(d.postFilter, ['DefaultPreemption']);
});

test('configuration errors', () => {
  assert.throws(() => fw({ multiPoint: { enabled: [{ name: 'Nope' }] } }), /unknown plugin "Nope"/);
  assert.throws(() => fw({ multiPoint: { disabled: [{ name: 'PrioritySort' }] } }), /queueSort/);
  assert.throws(() => fw({ bind: { disabled: [{ name: '*' }] } }), /bind plugin/);
  assert.throws(() => fw({ bind: { enabled: [{ name: 'NodeName' }] } }), /does not implement bind/);
});

test('a throwing plugin becomes an Error status naming it', () => {
  const f = fw({ filter: { enabled: [{ name: 'Boom' }] } });
  const s = f.runFilter(new CycleState(), pod('p').obj(), Snapshot.of([node('n1').obj()]).nodeInfoList[0]!);
  assert.equal(s.code, Code.Error);
  assert.equal(s.plugin, 'Boom');
  assert.deepEqual(s.reasons, ['kaput']);
});

test('scores are weighted and summed', () => {
  const snapshot = Snapshot.of([node('a').obj(), node('b').obj()]);
  const f = fw({ multiPoint: { disabled: [{ name: '*' }], enabled: [{ name: 'PrioritySort' }, { name: 'DefaultBinder' }, { name: 'Ten', weight: 2 }, { name: 'Twenty' }] } }, snapshot);
  const totals = f.runScore(new CycleState(), pod('p').obj(), snapshot.nodeInfoList);
  assert.deepEqual(totals, [{ name: 'a', score: 40 }, { name: 'b', score: 40 }]);
});

test('schedulePod picks the fitting node and explains failures', () => {
  const snapshot = Snapshot.of([
    node('cp').cap({ cpu: '4' }).taint('node-role.kubernetes.io/control-plane', 'NoSchedule').obj(),
    node('w1').cap({ cpu: '1' }).obj(),
    node('w2').cap({ cpu: '2' }).obj(),
  ]);
  const f = fw(undefined, snapshot);
  const ctx = { snapshot, percentageOfNodesToScore: 0, startIndex: 0, random: () => 0 };
  const ok = schedulePod(f, new CycleState(), pod('p').req({ cpu: '1500m' }).obj(), ctx);
  assert.ok('result' in ok);
  assert.equal(ok.result.suggestedHost, 'w2');
  const fail = schedulePod(f, new CycleState(), pod('p').req({ cpu: '3' }).obj(), ctx);
  assert.ok('fitError' in fail);
  assert.equal(fail.fitError.message, '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu.');
  assert.deepEqual([...fail.fitError.diagnosis.unschedulablePlugins].sort(), ['NodeResourcesFit', 'TaintToleration']);
});

test('numFeasibleNodesToFind: all under 100 nodes, adaptive percentage above', () => {
  const cases = [
    [0, 50, 50],
    [0, 99, 99],
    [0, 100, 100],
    [0, 1000, 420], // 50 - 1000/125 = 42%
    [0, 5000, 500], // 50 - 40 = 10%
    [0, 6000, 300], // 50 - 48 = 2% → at least 5%
    [10, 500, 100], // 10% = 50 → at least 100
    [100, 5000, 5000],
  ] as const;
  for (const [pct, n, want] of cases) assert.equal(numFeasibleNodesToFind(pct, n), want, `${pct}% of ${n}`);
});

test('selectHost: highest score, ties broken by the random source', () => {
  const scores = [{ name: 'a', score: 5 }, { name: 'b', score: 9 }, { name: 'c', score: 9 }];
  assert.equal(selectHost(scores, () => 0.9), 'b');
  assert.equal(selectHost(scores, () => 0), 'c');
});

test('permit: Wait holds the pod until allowed, or rejects on timeout', async () => {
  const waiting = new WaitingPods(clock);
  const gate: PermitPlugin = { name: 'Gate', permit: () => ({ status: new Status(Code.Wait), timeoutMs: 1000 }) };
  const f = new Framework({ schedulerName: 't', plugins: { permit: { enabled: [{ name: 'Gate' }] } } }, { ...inTreeRegistry, Gate: () => gate }, fakeHandle(), waiting);
  assert.equal(f.runPermit(new CycleState(), pod('p').obj(), 'n1', 'default/p').code, Code.Wait);
  const allowed = f.waitOnPermit('default/p');
  waiting.allow('default/p', 'Gate');
  assert.equal(await allowed, SUCCESS);
  f.runPermit(new CycleState(), pod('q').obj(), 'n1', 'default/q');
  const timedOut = f.waitOnPermit('default/q');
  await clock.advance(1000);
  const s = await timedOut;
  assert.equal(s.code, Code.Unschedulable);
  assert.equal(s.plugin, 'Gate');
});
