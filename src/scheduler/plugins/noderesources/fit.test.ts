import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Code } from '../../framework/status.ts';
import { node, pod } from '../../testing/builders.ts';
import { filterOn, scoresFor } from '../../testing/run-plugin.ts';
import { Fit, type FitArgs } from './fit.ts';

test('NodeResourcesFit filter', () => {
  const n = () => node('n1').cap({ cpu: '2', memory: '4Gi' });
  const on = (name: string, req: Record<string, string>) => pod(name).req(req).node('n1');
  const cases: { name: string; pod: ReturnType<typeof pod>; existing?: ReturnType<typeof pod>[]; node?: ReturnType<typeof node>; args?: FitArgs; reasons: string[] }[] = [
    { name: 'fits', pod: pod('p').req({ cpu: '1' }), reasons: [] },
    { name: 'no requests on a full node', pod: pod('p'), existing: [on('e', { cpu: '2', memory: '4Gi' })], reasons: [] },
    { name: 'insufficient cpu with existing pods', pod: pod('p').req({ cpu: '600m' }), existing: [on('e', { cpu: '1500m' })], reasons: ['Insufficient cpu'] },
    { name: 'init container larger than the app', pod: pod('p').req({ cpu: '100m' }).init({ cpu: '2500m' }), reasons: ['Insufficient cpu'] },
    { name: 'app sum larger than init (does not fit)', pod: pod('p').req({ cpu: '600m' }).req({ cpu: '600m' }).init({ cpu: '1' }), existing: [on('e', { cpu: '900m' })], reasons: ['Insufficient cpu'] },
    { name: 'app sum larger than init (fits exactly)', pod: pod('p').req({ cpu: '600m' }).req({ cpu: '600m' }).init({ cpu: '1' }), existing: [on('e', { cpu: '800m' })], reasons: [] },
    { name: 'sidecar adds to the app', pod: pod('p').req({ cpu: '1600m' }).init({ cpu: '500m' }, true), reasons: ['Insufficient cpu'] },
    { name: 'regular init does not add', pod: pod('p').req({ cpu: '1600m' }).init({ cpu: '500m' }), reasons: [] },
    { name: 'overhead counts', pod: pod('p').req({ cpu: '1800m' }).overhead({ cpu: '300m' }), reasons: ['Insufficient cpu'] },
    { name: 'several resources', pod: pod('p').req({ cpu: '3', memory: '8Gi' }), reasons: ['Insufficient cpu', 'Insufficient memory'] },
    { name: 'too many pods', pod: pod('p'), node: node('n1').cap({ cpu: '2', pods: '1' }), existing: [on('e', {})], reasons: ['Too many pods'] },
    { name: 'extended resource missing', pod: pod('p').req({ 'example.com/gpu': '1' }), reasons: ['Insufficient example.com/gpu'] },
    { name: 'extended resource ignored', pod: pod('p').req({ 'example.com/gpu': '1' }), args: { ignoredResources: ['example.com/gpu'] }, reasons: [] },
    { name: 'extended resource group ignored', pod: pod('p').req({ 'example.com/gpu': '1' }), args: { ignoredResourceGroups: ['example.com'] }, reasons: [] },
  ];
  for (const c of cases) {
    const s = filterOn(new Fit(c.args), c.pod.obj(), (c.node ?? n()).obj(), (c.existing ?? []).map((e) => e.obj()));
    assert.equal(s.code, c.reasons.length ? Code.Unschedulable : Code.Success, c.name);
    assert.deepEqual(s.reasons, c.reasons, c.name);
  }
});

test('NodeResourcesFit scoring strategies', () => {
  const nodes = () => [node('a').cap({ cpu: '4', memory: '8Gi' }).obj(), node('b').cap({ cpu: '4', memory: '8Gi' }).obj()];
  const existing = [pod('e').req({ cpu: '1', memory: '2Gi' }).node('a').obj()];
  const p = pod('p').req({ cpu: '1', memory: '2Gi' }).obj();
  const cases: { name: string; args: FitArgs; want: number[] }[] = [
    { name: 'LeastAllocated (default)', args: {}, want: [50, 75] },
    { name: 'MostAllocated', args: { scoringStrategy: { type: 'MostAllocated' } }, want: [50, 25] },
    { name: 'RequestedToCapacityRatio packing', args: { scoringStrategy: { type: 'RequestedToCapacityRatio', requestedToCapacityRatio: { shape: [{ utilization: 0, score: 0 }, { utilization: 100, score: 10 }] } } }, want: [50, 25] },
    { name: 'RequestedToCapacityRatio spreading', args: { scoringStrategy: { type: 'RequestedToCapacityRatio', requestedToCapacityRatio: { shape: [{ utilization: 0, score: 10 }, { utilization: 100, score: 0 }] } } }, want: [50, 75] },
    { name: 'weights: cpu only', args: { scoringStrategy: { resources: [{ name: 'cpu', weight: 1 }] } }, want: [50, 75] },
  ];
  for (const c of cases) assert.deepEqual(scoresFor(new Fit(c.args), p, nodes(), existing), c.want, c.name);
});

test('NodeResourcesFit scores pods without requests with the non-zero defaults', () => {
  const n = node('a').cap({ cpu: '1', memory: '1000Mi' }).obj();
  // cpu 100m of 1000m → 90; memory 200Mi of 1000Mi → 80; mean 85.
  assert.deepEqual(scoresFor(new Fit(), pod('p').container({}).obj(), [n]), [85]);
});

test('NodeResourcesFit rejects a RequestedToCapacityRatio without a shape', () => {
  assert.throws(() => new Fit({ scoringStrategy: { type: 'RequestedToCapacityRatio' } }), /shape/);
});

test('NodeResourcesFit hint: a new node queues the pod only if its allocatable could hold it', () => {
  const reg = new Fit().eventsToRegister().find((r) => r.event.resource === 'Node')!;
  const p = pod('p').req({ cpu: '3' }).obj();
  assert.equal(reg.hint!(p, undefined, node('small').cap({ cpu: '2' }).obj()), 'Skip');
  assert.equal(reg.hint!(p, undefined, node('big').cap({ cpu: '4' }).obj()), 'Queue');
});
