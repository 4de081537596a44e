import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1.d.ts';
import { Snapshot } from '../../framework/cache.ts';
import { CycleState } from '../../framework/interface.ts';
import { staticListers, type Listers } from '../../framework/listers.ts';
import { newPodInfo } from '../../framework/node-info.ts';
import { node, pod } from '../../testing/builders.ts';
import { fakeHandle, filterAll, scoresFor } from '../../testing/run-plugin.ts';
import { REASON_CONSTRAINTS_NOT_MATCH as SKEW, REASON_NODE_LABEL_NOT_MATCH as NO_LABEL } from './filtering.ts';
import { PodTopologySpread } from './pod-topology-spread.ts';

const ZONE = 'topology.kubernetes.io/zone';
const zn = (name: string, z: string) => node(name).labels({ [ZONE]: z });
const nodes = () => [zn('a1', 'a').obj(), zn('a2', 'a').obj(), zn('b1', 'b').obj(), zn('c1', 'c').obj()];
const zoneSpread = (extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint => ({ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } }, ...extra });
const web = (name: string, n: string, labels: Record<string, string> = {}) => pod(name).labels({ app: 'web', ...labels }).node(n).obj();

function run(p: Pod, existing: Pod[], ns: Node[] = nodes(), listers?: Listers) {
  const snap = Snapshot.of(ns, existing);
  return filterAll(new PodTopologySpread(fakeHandle(snap, listers)), p, snap);
}

test('PodTopologySpread filter', () => {
  const me = (c: Partial<TopologySpreadConstraint> = {}) => pod('p').labels({ app: 'web', version: 'v2' }).spread(zoneSpread(c));
  const cases: { name: string; pod: Pod; existing: Pod[]; nodes?: Node[]; want: Record<string, string> }[] = [
    { name: 'balanced: all pass', pod: me().obj(), existing: [], want: { a1: '', a2: '', b1: '', c1: '' } },
    { name: 'zone a is one ahead', pod: me().obj(), existing: [web('w1', 'a1')], want: { a1: SKEW, a2: SKEW, b1: '', c1: '' } },
    { name: 'maxSkew 2 allows it', pod: me({ maxSkew: 2 }).obj(), existing: [web('w1', 'a1')], want: { a1: '', a2: '', b1: '', c1: '' } },
    { name: 'a node without the key', pod: me().obj(), existing: [], nodes: [...nodes(), node('x').obj()], want: { a1: '', a2: '', b1: '', c1: '', x: NO_LABEL } },
    { name: 'pods in another namespace do not count', pod: me().obj(), existing: [pod('o', 'other').labels({ app: 'web' }).node('a1').obj()], want: { a1: '', a2: '', b1: '', c1: '' } },
    { name: 'terminating pods do not count', pod: me().obj(), existing: [{ ...web('w1', 'a1'), metadata: { ...web('w1', 'a1').metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } }], want: { a1: '', a2: '', b1: '', c1: '' } },
    { name: 'minDomains above the domain count: minimum taken as 0', pod: me({ minDomains: 5 }).obj(), existing: [web('w1', 'b1'), web('w2', 'c1'), web('w3', 'a1')], want: { a1: SKEW, a2: SKEW, b1: SKEW, c1: SKEW } },
    { name: 'matchLabelKeys narrows the selector to the same version', pod: me({ matchLabelKeys: ['version'] }).obj(), existing: [web('old', 'a1', { version: 'v1' })], want: { a1: '', a2: '', b1: '', c1: '' } },
    {
      name: 'nodeAffinityPolicy Honor: zone c (excluded by nodeSelector) is not a domain',
      pod: me().nodeSelector({ pool: 'x' }).obj(),
      existing: [web('w1', 'a1'), web('w2', 'b1')],
      nodes: [zn('a1', 'a').labels({ pool: 'x' }).obj(), zn('b1', 'b').labels({ pool: 'x' }).obj(), zn('c1', 'c').obj()],
      want: { a1: '', b1: '', c1: '' },
    },
    {
      name: 'nodeAffinityPolicy Ignore: zone c (empty) counts and holds the minimum',
      pod: me({ nodeAffinityPolicy: 'Ignore' }).nodeSelector({ pool: 'x' }).obj(),
      existing: [web('w1', 'a1'), web('w2', 'b1')],
      nodes: [zn('a1', 'a').labels({ pool: 'x' }).obj(), zn('b1', 'b').labels({ pool: 'x' }).obj(), zn('c1', 'c').obj()],
      want: { a1: SKEW, b1: SKEW, c1: '' },
    },
    {
      name: 'nodeTaintsPolicy Honor: a tainted zone is not a domain',
      pod: me({ nodeTaintsPolicy: 'Honor' }).obj(),
      existing: [web('w1', 'a1'), web('w2', 'b1')],
      nodes: [zn('a1', 'a').obj(), zn('b1', 'b').obj(), zn('c1', 'c').taint('dedicated', 'NoSchedule').obj()],
      want: { a1: '', b1: '', c1: '' },
    },
  ];
  for (const c of cases) assert.deepEqual(run(c.pod, c.existing, c.nodes), c.want, c.name);
});

test('PodTopologySpread AddPod/RemovePod keep the minimum right', () => {
  const snap = Snapshot.of(nodes(), [web('w1', 'a1'), web('w2', 'b1')]);
  const pl = new PodTopologySpread(fakeHandle(snap));
  const p = pod('p').labels({ app: 'web' }).spread(zoneSpread()).obj();
  const state = new CycleState();
  pl.preFilter(state, p, snap.nodeInfoList);
  assert.equal(pl.filter(state, p, snap.get('a1')!).message(), SKEW);
  const copy = state.clone();
  pl.removePod(copy, p, newPodInfo(web('w1', 'a1')), snap.get('a1')!);
  assert.ok(pl.filter(copy, p, snap.get('a1')!).isSuccess());
  pl.addPod(copy, p, newPodInfo(web('w3', 'c1')), snap.get('c1')!);
  assert.equal(pl.filter(copy, p, snap.get('c1')!).message(), SKEW);
  assert.equal(pl.filter(state, p, snap.get('a1')!).message(), SKEW, 'original state untouched');
});

test('PodTopologySpread scoring: ScheduleAnyway prefers emptier domains', () => {
  const p = pod('p').labels({ app: 'web' }).spread(zoneSpread({ whenUnsatisfiable: 'ScheduleAnyway' })).obj();
  const existing = [web('w1', 'a1'), web('w2', 'a2'), web('w3', 'b1')];
  const scores = scoresFor(new PodTopologySpread(fakeHandle(Snapshot.of(nodes(), existing))), p, nodes(), existing);
  // weight ln(3 zones + 2) ≈ 1.61: zone a 2 pods → 3, b → 2, c → 0; normalized 100·(max+min−s)/max.
  assert.deepEqual(scores, [0, 0, 33, 100]);
});

test('PodTopologySpread system defaults apply to pods of a Service (hostname and zone), not to loose pods', () => {
  const listers = staticListers({ services: [{ metadata: { name: 's', namespace: 'default' }, spec: { selector: { app: 'web' } } }] });
  const existing = [web('w1', 'a1'), web('w2', 'a1'), web('w3', 'b1')];
  const h = () => fakeHandle(Snapshot.of(nodes(), existing), listers);
  const member = scoresFor(new PodTopologySpread(h()), pod('p').labels({ app: 'web' }).obj(), nodes(), existing);
  assert.ok(member[3]! > member[2]! && member[2]! > member[0]!, `c1 (empty zone) > b1 > a1: ${member}`);
  assert.ok(member[1]! > member[0]!, `a2 (empty host) beats a1: ${member}`);
  assert.deepEqual(scoresFor(new PodTopologySpread(h()), pod('p').labels({ app: 'other' }).obj(), nodes(), existing), [0, 0, 0, 0]);
  assert.deepEqual(run(pod('p').labels({ app: 'web' }).obj(), existing, nodes(), listers), { a1: '', a2: '', b1: '', c1: '' }, 'defaults never filter');
});

test('PodTopologySpread args', () => {
  assert.throws(() => new PodTopologySpread(fakeHandle(), { defaultingType: 'System', defaultConstraints: [zoneSpread()] }), /must be empty/);
  assert.throws(() => new PodTopologySpread(fakeHandle(), { defaultingType: 'List', defaultConstraints: [zoneSpread()] }), /labelSelector/);
});
