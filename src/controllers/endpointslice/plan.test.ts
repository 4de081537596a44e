import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.d.ts';
import { Store } from '../../client/index.ts';
import { pod, service } from '../endpoints/testing.ts';
import { desiredGroups } from './desired.ts';
import { planSlices, type SlicePlan } from './plan.ts';

const svc = service('web');
const nodes = new Store<Node>();
const pods = (n: number, from = 0, f = {}) => Array.from({ length: n }, (_, i) => pod(`p${from + i}`, { ip: `10.42.${(from + i) >> 8}.${(from + i) & 255}`, ...f }));

/** Applies a plan the way the server would: names for creates, in place for updates. */
function apply(existing: EndpointSlice[], plan: SlicePlan): EndpointSlice[] {
  let n = existing.length;
  const gone = new Set(plan.delete.map((s) => s.metadata!.name));
  const updated = new Map(plan.update.map((s) => [s.metadata!.name, s]));
  return [
    ...existing.filter((s) => !gone.has(s.metadata!.name)).map((s) => updated.get(s.metadata!.name) ?? s),
    ...plan.create.map((s) => ({ ...s, metadata: { ...s.metadata, name: `web-${n++}` } })),
  ];
}

function plan(existing: EndpointSlice[], ps: Pod[], max?: number) {
  return planSlices(svc, desiredGroups(svc, ps, nodes), existing, max);
}

const count = (p: SlicePlan) => [p.create.length, p.update.length, p.delete.length];

describe('planSlices', () => {
  it('creates one slice with the labels, owner, address type, ports and endpoint conditions', () => {
    const p = plan([], [pod('a', { ip: '10.42.0.5', node: 'n1' }), pod('b', { ip: '10.42.0.6', ready: false })]);
    assert.deepEqual(count(p), [1, 0, 0]);
    const slice = p.create[0]!;
    assert.equal(slice.metadata!.generateName, 'web-');
    assert.deepEqual(slice.metadata!.labels, { 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
    assert.deepEqual(slice.metadata!.ownerReferences, [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'uid-svc-web', controller: true, blockOwnerDeletion: true }]);
    assert.equal(slice.addressType, 'IPv4');
    assert.deepEqual(slice.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    assert.deepEqual(slice.endpoints, [
      { addresses: ['10.42.0.5'], conditions: { ready: true, serving: true, terminating: false }, nodeName: 'n1', targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: 'uid-a' } },
      { addresses: ['10.42.0.6'], conditions: { ready: false, serving: false, terminating: false }, targetRef: { kind: 'Pod', namespace: 'default', name: 'b', uid: 'uid-b' } },
    ]);
  });

  it('splits at maxEndpointsPerSlice and is stable once applied', () => {
    const first = plan([], pods(250));
    assert.deepEqual(first.create.map((s) => s.endpoints.length), [100, 100, 50]);
    const slices = apply([], first);
    assert.deepEqual(count(plan(slices, pods(250))), [0, 0, 0]);
  });

  it('a terminating pod stays, serving but not ready', () => {
    const [slice] = apply([], plan([], [pod('a', { ip: '10.42.0.5', terminating: true })]));
    assert.deepEqual(slice!.endpoints[0]!.conditions, { ready: false, serving: true, terminating: true });
  });

  it('updates the one slice holding a changed endpoint and leaves the others', () => {
    const slices = apply([], plan([], pods(150)));
    const next = pods(150);
    next[120] = pod('p120', { ip: '10.42.0.120', ready: false });
    const p = plan(slices, next);
    assert.deepEqual(count(p), [0, 1, 0]);
    assert.equal(p.update[0]!.metadata!.name, slices[1]!.metadata!.name);
  });

  it('puts new endpoints into a slice with room instead of creating one', () => {
    const slices = apply([], plan([], pods(150)));
    const p = plan(slices, pods(160));
    assert.deepEqual(count(p), [0, 1, 0]);
    assert.equal(p.update[0]!.endpoints.length, 60);
  });

  it('deletes emptied slices but keeps one placeholder for a Service without endpoints', () => {
    const slices = apply([], plan([], pods(150)));
    const p = plan(slices, []);
    assert.deepEqual(count(p), [1, 0, 2]);
    assert.deepEqual([p.create[0]!.endpoints, p.create[0]!.ports], [[], []]);
    const placeholder = apply(slices, p);
    assert.deepEqual(count(plan(placeholder, [])), [0, 0, 0], 'the placeholder stays');
    assert.deepEqual(count(plan(placeholder, pods(1))), [1, 0, 1], 'and goes when endpoints come');
  });

  it('groups pods by the ports their named target port resolves to', () => {
    const named = service('web', { ports: [{ name: 'http', port: 80, targetPort: 'web', protocol: 'TCP' }] });
    const ps = [pod('a', { ip: '10.42.0.5', ports: [{ name: 'web', containerPort: 8080 }] }), pod('b', { ip: '10.42.0.6', ports: [{ name: 'web', containerPort: 9090 }] })];
    const p = planSlices(named, desiredGroups(named, ps, nodes), []);
    assert.deepEqual(p.create.map((s) => [s.ports![0]!.port, s.endpoints.map((e) => e.targetRef!.name)]), [[8080, ['a']], [9090, ['b']]]);
  });

  it('sets the zone from the node label and the headless label', () => {
    const zoned = new Store<Node>();
    zoned.put({ metadata: { name: 'n1', labels: { 'topology.kubernetes.io/zone': 'z1' } } });
    const headless = service('db', { clusterIP: 'None' });
    const p = planSlices(headless, desiredGroups(headless, [pod('a', { ip: '10.42.0.5', node: 'n1' })], zoned), []);
    assert.equal(p.create[0]!.endpoints[0]!.zone, 'z1');
    assert.equal(p.create[0]!.metadata!.labels!['service.kubernetes.io/headless'], '');
  });

  it('publishNotReadyAddresses makes every endpoint ready', () => {
    const pnra = service('web', { publishNotReadyAddresses: true });
    const p = planSlices(pnra, desiredGroups(pnra, [pod('a', { ip: '10.42.0.5', ready: false })], nodes), []);
    assert.deepEqual(p.create[0]!.endpoints[0]!.conditions, { ready: true, serving: false, terminating: false });
  });
});
