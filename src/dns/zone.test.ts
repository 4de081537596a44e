import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, Service } from 'kubernetes-types/core/v1.d.ts';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.d.ts';
import type { RecordType } from 'dns-packet';
import { staticClusterView } from './view.ts';
import { resolve } from './zone.ts';
import { canonicalIP, dashedIP, ipFromDashed, ipFromReverse, reverseName } from './names.ts';

const service = (name: string, spec: Service['spec']): Service => ({ metadata: { name, namespace: 'default' }, spec });
const slice = (svc: string, endpoints: EndpointSlice['endpoints'], ports: EndpointSlice['ports'] = [], addressType = 'IPv4'): EndpointSlice => ({
  metadata: { name: `${svc}-abc`, namespace: 'default', labels: { 'kubernetes.io/service-name': svc } },
  addressType,
  endpoints,
  ports,
});
const pod: Pod = { metadata: { name: 'p', namespace: 'default' }, status: { podIP: '10.42.0.9', podIPs: [{ ip: '10.42.0.9' }] } };

const view = staticClusterView({
  namespaces: ['default', 'kube-system'],
  serial: 1700000000,
  services: [
    service('web', { clusterIP: '10.43.0.20', clusterIPs: ['10.43.0.20', 'fd00:43::20'], ports: [{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'dns', port: 53, protocol: 'UDP' }, { port: 9000 }] }),
    service('db', { clusterIP: 'None', ports: [{ name: 'pg', port: 5432 }] }),
    service('empty', { clusterIP: 'None' }),
    service('ext', { type: 'ExternalName', externalName: 'example.com.' }),
  ],
  endpointSlices: [
    slice('db', [
      { addresses: ['10.42.0.5'], hostname: 'db-0', conditions: { ready: true } },
      { addresses: ['10.42.0.6'], conditions: { ready: true } },
      { addresses: ['10.42.0.7'], hostname: 'db-2', conditions: { ready: false } },
    ], [{ name: 'pg', port: 5432, protocol: 'TCP' }]),
    slice('web', [{ addresses: ['10.42.0.8'], conditions: {} }], [{ name: 'http', port: 8080, protocol: 'TCP' }]),
  ],
  pods: [pod],
});
const zone = { domain: 'cluster.local', dnsIP: '10.43.0.10' };
const ask = (name: string, type: RecordType) => resolve(view, zone, { name, type });
const data = (name: string, type: RecordType) => {
  const r = ask(name, type);
  assert.equal(r.kind, 'authoritative');
  return r.kind === 'authoritative' ? { rcode: r.rcode, data: r.answers.map((a) => ('data' in a ? a.data : undefined)), soa: r.authorities.length === 1 } : undefined;
};

test('answers and negative answers', () => {
  const cases: Array<[string, RecordType, string, unknown[]]> = [
    ['web.default.svc.cluster.local', 'A', 'NOERROR', ['10.43.0.20']],
    ['WEB.Default.svc.cluster.local.', 'A', 'NOERROR', ['10.43.0.20']],
    ['web.default.svc.cluster.local', 'AAAA', 'NOERROR', ['fd00:43::20']],
    ['web.default.svc.cluster.local', 'TXT', 'NOERROR', []],
    ['db.default.svc.cluster.local', 'A', 'NOERROR', ['10.42.0.5', '10.42.0.6']],
    ['db-0.db.default.svc.cluster.local', 'A', 'NOERROR', ['10.42.0.5']],
    ['10-42-0-6.db.default.svc.cluster.local', 'A', 'NOERROR', ['10.42.0.6']],
    ['db-2.db.default.svc.cluster.local', 'A', 'NXDOMAIN', []],
    ['empty.default.svc.cluster.local', 'A', 'NXDOMAIN', []],
    ['nope.default.svc.cluster.local', 'A', 'NXDOMAIN', []],
    ['web.nope.svc.cluster.local', 'A', 'NXDOMAIN', []],
    ['default.svc.cluster.local', 'A', 'NOERROR', []],
    ['svc.cluster.local', 'A', 'NOERROR', []],
    ['cluster.local', 'A', 'NOERROR', []],
    ['x.cluster.local', 'A', 'NXDOMAIN', []],
    ['a.b.c.web.default.svc.cluster.local', 'A', 'NXDOMAIN', []],
    ['ext.default.svc.cluster.local', 'A', 'NOERROR', ['example.com']],
    ['ext.default.svc.cluster.local', 'CNAME', 'NOERROR', ['example.com']],
    ['10-42-0-99.default.pod.cluster.local', 'A', 'NOERROR', ['10.42.0.99']],
    ['10-42-0-99.nope.pod.cluster.local', 'A', 'NXDOMAIN', []],
    ['not-an-ip.default.pod.cluster.local', 'A', 'NXDOMAIN', []],
    ['ns.dns.cluster.local', 'A', 'NOERROR', ['10.43.0.10']],
    ['_http._tcp.web.default.svc.cluster.local', 'SRV', 'NOERROR', [{ priority: 0, weight: 100, port: 80, target: 'web.default.svc.cluster.local' }]],
    ['_dns._udp.web.default.svc.cluster.local', 'SRV', 'NOERROR', [{ priority: 0, weight: 100, port: 53, target: 'web.default.svc.cluster.local' }]],
    ['_dns._tcp.web.default.svc.cluster.local', 'SRV', 'NXDOMAIN', []],
    ['_pg._tcp.db.default.svc.cluster.local', 'SRV', 'NOERROR', [
      { priority: 0, weight: 50, port: 5432, target: 'db-0.db.default.svc.cluster.local' },
      { priority: 0, weight: 50, port: 5432, target: '10-42-0-6.db.default.svc.cluster.local' },
    ]],
    ['4.3.2.1.in-addr.arpa', 'PTR', 'forward', []],
    ['20.0.43.10.in-addr.arpa', 'PTR', 'NOERROR', ['web.default.svc.cluster.local']],
    ['5.0.42.10.in-addr.arpa', 'PTR', 'NOERROR', ['db-0.db.default.svc.cluster.local']],
    ['9.0.42.10.in-addr.arpa', 'PTR', 'NOERROR', ['10-42-0-9.default.pod.cluster.local']],
    [reverseName('fd00:43::20'), 'PTR', 'NOERROR', ['web.default.svc.cluster.local']],
    ['example.com', 'A', 'forward', []],
  ];
  for (const [name, type, rcode, expected] of cases) {
    const r = ask(name, type);
    if (rcode === 'forward') {
      assert.equal(r.kind, 'forward', name);
      continue;
    }
    const got = data(name, type)!;
    assert.deepEqual({ rcode: got.rcode, data: got.data }, { rcode, data: expected }, `${type} ${name}`);
    assert.equal(got.soa, expected.length === 0, `SOA in authority iff negative: ${type} ${name}`);
  }
});

test('SRV on the bare service name lists every port, with addresses in the additional section', () => {
  const r = ask('web.default.svc.cluster.local', 'SRV');
  assert.equal(r.kind, 'authoritative');
  if (r.kind !== 'authoritative') return;
  assert.deepEqual(r.answers.map((a) => ('data' in a ? a.data : '')), [
    { priority: 0, weight: 33, port: 80, target: 'web.default.svc.cluster.local' },
    { priority: 0, weight: 33, port: 53, target: 'web.default.svc.cluster.local' },
    { priority: 0, weight: 33, port: 9000, target: 'web.default.svc.cluster.local' },
  ]);
  assert.deepEqual(r.additionals.map((a) => [a.type, a.name, 'data' in a ? a.data : '']), [
    ['A', 'web.default.svc.cluster.local', '10.43.0.20'],
    ['AAAA', 'web.default.svc.cluster.local', 'fd00:43::20'],
  ]);
});

test('negative answers carry the SOA with a 5 s minimum and the serial of the last change', () => {
  const r = ask('nope.default.svc.cluster.local', 'A');
  assert.ok(r.kind === 'authoritative');
  assert.deepEqual(r.authorities, [{
    type: 'SOA', name: 'cluster.local', ttl: 5,
    data: { mname: 'ns.dns.cluster.local', rname: 'hostmaster.cluster.local', serial: 1700000000, refresh: 7200, retry: 1800, expire: 86400, minimum: 5 },
  }]);
  assert.equal(r.answers.length, 0);
});

test('ExternalName asks for its target to be chased unless CNAME was asked', () => {
  const a = ask('ext.default.svc.cluster.local', 'A');
  const c = ask('ext.default.svc.cluster.local', 'CNAME');
  assert.ok(a.kind === 'authoritative' && c.kind === 'authoritative');
  assert.equal(a.chase, 'example.com');
  assert.equal(c.chase, undefined);
});

test('name helpers', () => {
  assert.equal(dashedIP('10.42.0.5'), '10-42-0-5');
  assert.equal(dashedIP('fd00::1'), 'fd00--1');
  assert.equal(ipFromDashed('fd00--1'), 'fd00::1');
  assert.equal(ipFromDashed('10-42-0-256'), undefined);
  assert.equal(canonicalIP('FD00:0:0:0:0:0:0:1'), 'fd00::1');
  assert.equal(canonicalIP('1:0:0:2:0:0:0:3'), '1:0:0:2::3');
  assert.equal(ipFromReverse(reverseName('fd00::1')), 'fd00::1');
  assert.equal(ipFromReverse('2.1.in-addr.arpa'), undefined);
  assert.equal(reverseName('10.43.0.1'), '1.0.43.10.in-addr.arpa');
});
