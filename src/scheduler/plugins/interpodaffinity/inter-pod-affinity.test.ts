import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod, PodAffinityTerm } from 'kubernetes-types/core/v1.d.ts';
import { Snapshot } from '../../framework/cache.ts';
import { CycleState } from '../../framework/interface.ts';
import { staticListers } from '../../framework/listers.ts';
import { newPodInfo } from '../../framework/node-info.ts';
import { node, pod } from '../../testing/builders.ts';
import { fakeHandle, filterAll, scoresFor } from '../../testing/run-plugin.ts';
import { REASON_AFFINITY, REASON_ANTI_AFFINITY, REASON_EXISTING_ANTI_AFFINITY } from './filtering.ts';
import { InterPodAffinity } from './inter-pod-affinity.ts';

const zone = (z: string) => ({ 'topology.kubernetes.io/zone': z });
const nodes = () => [node('a1').labels(zone('a')).obj(), node('a2').labels(zone('a')).obj(), node('b1').labels(zone('b')).obj()];
const term = (labels: Record<string, string>, topologyKey = 'topology.kubernetes.io/zone', extra: Partial<PodAffinityTerm> = {}): PodAffinityTerm => ({ labelSelector: { matchLabels: labels }, topologyKey, ...extra });
const namespaces = staticListers({ namespaces: [{ metadata: { name: 'default', labels: { team: 'x' } } }, { metadata: { name: 'other', labels: { team: 'y' } } }] });

function run(p: Pod, existing: Pod[], ns = nodes()) {
  const snap = Snapshot.of(ns, existing);
  return filterAll(new InterPodAffinity(fakeHandle(snap, namespaces)), p, snap);
}

test('InterPodAffinity filter', () => {
  const web = (n: string, name = 'w') => pod(name).labels({ app: 'web' }).node(n).obj();
  const cases: { name: string; pod: Pod; existing: Pod[]; nodes?: Node[]; want: Record<string, string> }[] = [
    { name: 'no terms, no existing anti-affinity: all pass', pod: pod('p').obj(), existing: [web('a1')], want: { a1: '', a2: '', b1: '' } },
    { name: 'affinity to zone with a web pod', pod: pod('p').podAffinity([term({ app: 'web' })]).obj(), existing: [web('a1')], want: { a1: '', a2: '', b1: REASON_AFFINITY } },
    { name: 'first of a self-affine group goes anywhere', pod: pod('p').labels({ app: 'web' }).podAffinity([term({ app: 'web' })]).obj(), existing: [], want: { a1: '', a2: '', b1: '' } },
    { name: 'affinity with no match and no self-match', pod: pod('p').podAffinity([term({ app: 'web' })]).obj(), existing: [], want: { a1: REASON_AFFINITY, a2: REASON_AFFINITY, b1: REASON_AFFINITY } },
    { name: 'affinity needs the topology key on the node', pod: pod('p').podAffinity([term({ app: 'web' }, 'rack')]).obj(), existing: [web('a1')], want: { a1: REASON_AFFINITY, a2: REASON_AFFINITY, b1: REASON_AFFINITY } },
    { name: 'anti-affinity by hostname', pod: pod('p').podAntiAffinity([term({ app: 'web' }, 'kubernetes.io/hostname')]).obj(), existing: [web('a1')], want: { a1: REASON_ANTI_AFFINITY, a2: '', b1: '' } },
    { name: 'anti-affinity by zone', pod: pod('p').podAntiAffinity([term({ app: 'web' })]).obj(), existing: [web('b1')], want: { a1: '', a2: '', b1: REASON_ANTI_AFFINITY } },
    { name: 'other namespace does not count', pod: pod('p').podAntiAffinity([term({ app: 'web' })]).obj(), existing: [pod('w', 'other').labels({ app: 'web' }).node('b1').obj()], want: { a1: '', a2: '', b1: '' } },
    { name: 'namespaceSelector reaches another namespace', pod: pod('p').podAntiAffinity([term({ app: 'web' }, undefined, { namespaceSelector: { matchLabels: { team: 'y' } } })]).obj(), existing: [pod('w', 'other').labels({ app: 'web' }).node('b1').obj()], want: { a1: '', a2: '', b1: REASON_ANTI_AFFINITY } },
    { name: 'empty namespaceSelector selects all namespaces', pod: pod('p').podAffinity([term({ app: 'web' }, undefined, { namespaceSelector: {} })]).obj(), existing: [pod('w', 'other').labels({ app: 'web' }).node('b1').obj()], want: { a1: REASON_AFFINITY, a2: REASON_AFFINITY, b1: '' } },
    { name: "symmetry: an existing pod's anti-affinity keeps the pod out of its zone", pod: pod('p').labels({ app: 'db' }).obj(), existing: [pod('e').podAntiAffinity([term({ app: 'db' })]).node('a2').obj()], want: { a1: REASON_EXISTING_ANTI_AFFINITY, a2: REASON_EXISTING_ANTI_AFFINITY, b1: '' } },
  ];
  for (const c of cases) assert.deepEqual(run(c.pod, c.existing, c.nodes), c.want, c.name);
});

test('InterPodAffinity AddPod/RemovePod update the PreFilter state (what preemption relies on)', () => {
  const existing = pod('w').labels({ app: 'web' }).node('a1').obj();
  const snap = Snapshot.of(nodes(), [existing]);
  const pl = new InterPodAffinity(fakeHandle(snap, namespaces));
  const p = pod('p').podAntiAffinity([term({ app: 'web' })]).obj();
  const state = new CycleState();
  assert.ok(pl.preFilter(state, p, snap.nodeInfoList).isSuccess());
  const a2 = snap.get('a2')!;
  assert.equal(pl.filter(state, p, a2).message(), REASON_ANTI_AFFINITY);
  const copy = state.clone();
  const a1 = snap.get('a1')!.clone();
  a1.removePod('default/w');
  pl.removePod(copy, p, newPodInfo(existing), a1);
  assert.ok(pl.filter(copy, p, a2).isSuccess(), 'without the web pod zone a is free');
  assert.equal(pl.filter(state, p, a2).message(), REASON_ANTI_AFFINITY, 'the original state is untouched');
  pl.addPod(copy, p, newPodInfo(pod('w2').labels({ app: 'web' }).node('b1').obj()), snap.get('b1')!);
  assert.equal(pl.filter(copy, p, snap.get('b1')!).message(), REASON_ANTI_AFFINITY);
});

test('InterPodAffinity scoring', () => {
  const weighted = (weight: number, labels: Record<string, string>) => [{ weight, podAffinityTerm: term(labels) }];
  const existing = [pod('w').labels({ app: 'web' }).node('a1').obj()];
  const h = () => fakeHandle(Snapshot.of(nodes(), existing), namespaces);
  assert.deepEqual(scoresFor(new InterPodAffinity(h()), pod('p').podAffinity([], weighted(5, { app: 'web' })).obj(), nodes(), existing), [100, 100, 0], 'preferred affinity favours zone a');
  assert.deepEqual(scoresFor(new InterPodAffinity(h()), pod('p').podAntiAffinity([], weighted(5, { app: 'web' })).obj(), nodes(), existing), [0, 0, 100], 'preferred anti-affinity favours zone b');
  // An existing pod's preferred affinity to the incoming pod counts too (symmetry).
  const fan = [pod('f').podAffinity([], weighted(3, { role: 'db' })).node('b1').obj()];
  assert.deepEqual(scoresFor(new InterPodAffinity(fakeHandle(Snapshot.of(nodes(), fan), namespaces)), pod('p').labels({ role: 'db' }).obj(), nodes(), fan), [0, 0, 100]);
  assert.deepEqual(scoresFor(new InterPodAffinity(h()), pod('p').obj(), nodes(), existing), [0, 0, 0], 'nothing to score');
});

test('InterPodAffinity rejects a hardPodAffinityWeight out of range', () => {
  assert.throws(() => new InterPodAffinity(fakeHandle(), { hardPodAffinityWeight: 101 }), /0\.\.100/);
});
