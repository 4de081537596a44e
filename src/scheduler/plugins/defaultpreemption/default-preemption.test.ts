import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.d.ts';
import { Snapshot } from '../../framework/cache.ts';
import type { Framework } from '../../framework/framework.ts';
import { CycleState } from '../../framework/interface.ts';
import { staticListers } from '../../framework/listers.ts';
import { newPodInfo, type PodInfo } from '../../framework/node-info.ts';
import { Code } from '../../framework/status.ts';
import { schedulePod } from '../../schedule-one.ts';
import { node, pod } from '../../testing/builders.ts';
import { fakeHandle } from '../../testing/run-plugin.ts';
import { DefaultPreemption } from './default-preemption.ts';
import { computeDisruptionsAllowed } from './pdb.ts';
import { pickOneNodeForPreemption } from './pick-node.ts';

const small = (name: string) => node(name).cap({ cpu: '1', memory: '4Gi' }).obj();
const filler = (name: string, n: string, priority: number, cpu = '1') => pod(name).req({ cpu }).priority(priority).node(n).labels({ app: name.replace(/\d+$/, '') }).obj();

/** Runs the default profile's filters, then DefaultPreemption, as the scheduler does. */
function preempt(p: Pod, nodes = [small('n1'), small('n2')], pods: Pod[] = [], opts: { pdbs?: PodDisruptionBudget[]; nominated?: Map<string, PodInfo[]> } = {}) {
  const snap = Snapshot.of(nodes, pods);
  const handle = fakeHandle(snap, staticListers({ pdbs: opts.pdbs ?? [] }), opts.nominated);
  const state = new CycleState();
  const out = schedulePod(handle.runner as Framework, state, p, { snapshot: snap, percentageOfNodesToScore: 0, startIndex: 0, random: () => 0 });
  assert.ok('fitError' in out, 'the pod must not fit before preemption');
  const r = new DefaultPreemption(handle, {}, () => 0).postFilter(state, p, out.fitError.diagnosis.nodeToStatus);
  return { ...r, message: r.status.message(), preempted: handle.preempted, cleared: handle.cleared, fitMessage: out.fitError.message };
}

test('DefaultPreemption picks the node whose victims matter least', () => {
  const r = preempt(pod('hi').req({ cpu: '1' }).priority(100).obj(), undefined, [filler('a1', 'n1', 10), filler('b1', 'n2', 5)]);
  assert.equal(r.status.code, Code.Success);
  assert.equal(r.nominatedNodeName, 'n2', 'lowest highest-victim priority');
  assert.deepEqual(r.preempted, ['b1→n2']);
});

test('DefaultPreemption takes as few victims as needed, most important reprieved first', () => {
  const pods = [filler('x1', 'n1', 1, '500m'), filler('x2', 'n1', 2, '500m')];
  const r = preempt(pod('hi').req({ cpu: '500m' }).priority(100).obj(), [small('n1')], pods);
  assert.deepEqual(r.preempted, ['x1→n1']);
});

test('DefaultPreemption prefers victims that keep their budget', () => {
  const pods = [filler('guarded1', 'n1', 1), filler('free1', 'n2', 1)];
  const pdb: PodDisruptionBudget = { metadata: { name: 'g', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'guarded' } }, maxUnavailable: 0 } };
  const r = preempt(pod('hi').req({ cpu: '1' }).priority(100).obj(), undefined, pods, { pdbs: [pdb] });
  assert.equal(r.nominatedNodeName, 'n2');
});

test('DefaultPreemption: nothing to preempt, preemptionPolicy Never, waiting on terminating victims', () => {
  const none = preempt(pod('p').req({ cpu: '1' }).obj(), undefined, [filler('e1', 'n1', 0), filler('e2', 'n2', 0)]);
  assert.equal(none.fitMessage, '0/2 nodes are available: 2 Insufficient cpu.');
  assert.equal(none.message, 'preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.');
  assert.equal(none.nominatedNodeName, '');
  const never = preempt(pod('p').req({ cpu: '1' }).priority(100).preemptionPolicy('Never').obj(), undefined, [filler('e1', 'n1', 0), filler('e2', 'n2', 0)]);
  assert.equal(never.message, 'preemption: not eligible due to preemptionPolicy=Never.');
  assert.deepEqual(never.preempted, []);
  const hi = pod('hi').req({ cpu: '1' }).priority(100).obj();
  const victim = { ...filler('e1', 'n1', 0), metadata: { ...filler('e1', 'n1', 0).metadata, deletionTimestamp: '2024-01-01T00:00:00Z' }, status: { conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler' }] } } as Pod;
  const waiting = preempt(hi, [small('n1')], [victim], { nominated: new Map([['n1', [newPodInfo(hi)]]]) });
  assert.equal(waiting.message, 'preemption: not eligible due to a terminating pod on the nominated node.');
  assert.equal(waiting.nominatedNodeName, undefined, 'keeps its nomination');
});

test('DefaultPreemption: unresolvable nodes are not helpful; lower-priority nominations on the node are cleared', () => {
  const tainted = node('t').cap({ cpu: '1' }).taint('x', 'NoSchedule').obj();
  const lower = pod('lower').req({ cpu: '100m' }).priority(1).obj();
  const r = preempt(pod('hi').req({ cpu: '1' }).priority(100).obj(), [small('n1'), tainted], [filler('e1', 'n1', 0)], { nominated: new Map([['n1', [newPodInfo(lower)]]]) });
  assert.equal(r.nominatedNodeName, 'n1');
  assert.deepEqual(r.cleared, ['lower']);
  const blocked = preempt(pod('hi').req({ cpu: '1' }).priority(100).obj(), [tainted], [filler('e1', 't', 0)]);
  assert.equal(blocked.message, 'preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.');
});

test('pickOneNodeForPreemption: ordered criteria', () => {
  const v = (name: string, priority: number, start?: string) => pod(name).priority(priority).startTime(start ?? '2024-01-01T00:00:00Z').obj();
  const c = (nodeName: string, pods: Pod[], numPDBViolations = 0) => ({ nodeName, victims: { pods, numPDBViolations } });
  const cases: [string, ReturnType<typeof c>[], string][] = [
    ['fewest PDB violations', [c('a', [v('x', 1)], 1), c('b', [v('y', 5)], 0)], 'b'],
    ['lowest highest priority', [c('a', [v('x', 5)]), c('b', [v('y', 3), v('z', 3)])], 'b'],
    ['lowest sum', [c('a', [v('x', 5), v('x2', 4)]), c('b', [v('y', 5), v('y2', 1)])], 'b'],
    ['fewest victims', [c('a', [v('x', 5), v('x2', 0)]), c('b', [v('y', 5)])], 'b'],
    ['latest start', [c('a', [v('x', 5, '2024-01-01T00:00:00Z')]), c('b', [v('y', 5, '2024-06-01T00:00:00Z')])], 'b'],
    ['first on a full tie', [c('a', [v('x', 5)]), c('b', [v('y', 5)])], 'a'],
  ];
  for (const [name, cands, want] of cases) assert.equal(pickOneNodeForPreemption(cands, Date.parse('2025-01-01T00:00:00Z'))?.nodeName, want, name);
});

test('PDB disruptionsAllowed computed when no controller wrote it', () => {
  const ready = (name: string) => ({ ...pod(name).labels({ app: 'db' }).obj(), status: { conditions: [{ type: 'Ready', status: 'True' }] } }) as Pod;
  const pods = [ready('a'), ready('b'), ready('c'), pod('d').labels({ app: 'db' }).obj()];
  const pdb = (spec: PodDisruptionBudget['spec']): PodDisruptionBudget => ({ metadata: { name: 'b', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'db' } }, ...spec } });
  const cases: [string, PodDisruptionBudget['spec'], number][] = [
    ['minAvailable 2 of 3 healthy', { minAvailable: 2 }, 1],
    ['minAvailable 50% of 4 → 2', { minAvailable: '50%' }, 1],
    ['maxUnavailable 1 of 4 → 3 desired', { maxUnavailable: 1 }, 0],
    ['maxUnavailable 50% of 4 → 2 desired', { maxUnavailable: '50%' }, 1],
  ];
  for (const [name, spec, want] of cases) assert.equal(computeDisruptionsAllowed(pdb(spec), pods), want, name);
});

