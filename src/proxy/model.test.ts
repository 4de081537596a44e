import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_AFFINITY_SECONDS, routing, servicePorts, usable } from './model.ts';
import { service, slice, type EndpointSpec } from './testing.ts';

const ips = (eps: { ip: string }[]) => eps.map((e) => e.ip);

test('usable endpoints: ready ones, else terminating ones that still serve', () => {
  const cases: { name: string; eps: EndpointSpec[]; want: string[] }[] = [
    { name: 'all ready', eps: [{ ip: '10.42.0.2' }, { ip: '10.42.0.3' }], want: ['10.42.0.2', '10.42.0.3'] },
    { name: 'terminating next to a ready one', eps: [{ ip: '10.42.0.2', ready: false, serving: true, terminating: true }, { ip: '10.42.0.3' }], want: ['10.42.0.3'] },
    { name: 'only terminating', eps: [{ ip: '10.42.0.2', ready: false, serving: true, terminating: true }, { ip: '10.42.0.3', ready: false, serving: false, terminating: true }], want: ['10.42.0.2'] },
    { name: 'not ready, not terminating', eps: [{ ip: '10.42.0.2', ready: false }], want: [] },
  ];
  for (const c of cases) {
    const [sp] = servicePorts([service('web', '10.43.0.5')], [slice('web', c.eps)], 'node-a');
    assert.deepEqual(ips(usable(sp!.endpoints)), c.want, c.name);
  }
});

test('routing honours internal and external traffic policies', () => {
  const eps = [{ ip: '10.42.0.2', node: 'node-a' }, { ip: '10.42.1.2', node: 'node-b' }];
  const local = servicePorts([service('web', '10.43.0.5', { type: 'NodePort', externalTrafficPolicy: 'Local', internalTrafficPolicy: 'Local', ports: [{ name: 'http', port: 80, nodePort: 30080 }] })], [slice('web', eps)], 'node-a')[0]!;
  const r = routing(local);
  assert.deepEqual(ips(r.internal), ['10.42.0.2']);
  assert.deepEqual(ips(r.external), ['10.42.0.2']);
  assert.deepEqual(ips(r.cluster), ['10.42.0.2', '10.42.1.2']);
  const cluster = servicePorts([service('web', '10.43.0.5')], [slice('web', eps)], 'node-a')[0]!;
  assert.deepEqual(ips(routing(cluster).internal), ['10.42.0.2', '10.42.1.2']);
});

test('servicePorts: what is proxied and how', () => {
  const svcs = [
    service('headless', 'None'),
    service('ext', '', { type: 'ExternalName', externalName: 'example.com' }),
    service('lb', '10.43.0.7', { type: 'LoadBalancer', sessionAffinity: 'ClientIP', externalIPs: ['192.0.2.9'], ports: [{ name: 'http', port: 80, nodePort: 30081 }, { port: 53, protocol: 'UDP' }] }, ['192.0.2.10']),
  ];
  const ports = servicePorts(svcs, [], 'node-a');
  assert.deepEqual(ports.map((p) => p.id), ['default/lb/tcp/http', 'default/lb/udp/']);
  assert.deepEqual(ports[0]!.externalIPs, ['192.0.2.9', '192.0.2.10']);
  assert.equal(ports[0]!.nodePort, 30081);
  assert.equal(ports[0]!.affinitySeconds, DEFAULT_AFFINITY_SECONDS);
  assert.equal(ports[1]!.protocol, 'udp');
});

test('endpoints are matched by port name and de-duplicated across slices', () => {
  const a = slice('web', [{ ip: '10.42.0.2' }, { ip: '10.42.0.3', ready: false }]);
  const b = { ...slice('web', [{ ip: '10.42.0.3' }]), metadata: { namespace: 'default', name: 'web-def', labels: { 'kubernetes.io/service-name': 'web' } } };
  const other = slice('web', [{ ip: '10.42.0.9' }], 8080, 'metrics');
  const [sp] = servicePorts([service('web', '10.43.0.5')], [a, b, other], 'node-a');
  assert.deepEqual(sp!.endpoints.map((e) => `${e.ip}:${e.port}:${e.ready}`), ['10.42.0.2:80:true', '10.42.0.3:80:true']);
});
