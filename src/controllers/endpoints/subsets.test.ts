import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EndpointSubset, Pod, Service } from 'kubernetes-types/core/v1.d.ts';
import { desiredSubsets, MAX_ENDPOINT_ADDRESSES } from './subsets.ts';
import { pod, service } from './testing.ts';

const ref = (name: string) => ({ kind: 'Pod', namespace: 'default', name, uid: `uid-${name}` });
const http = [{ name: 'http', port: 8080, protocol: 'TCP' }];

const cases: { name: string; service: Service; pods: Pod[]; want: EndpointSubset[] }[] = [
  {
    name: 'ready and not-ready pods',
    service: service('web'),
    pods: [pod('b', { ip: '10.42.0.6', node: 'n1' }), pod('a', { ip: '10.42.0.5', node: 'n1' }), pod('c', { ip: '10.42.1.5', ready: false })],
    want: [{ addresses: [{ ip: '10.42.0.5', nodeName: 'n1', targetRef: ref('a') }, { ip: '10.42.0.6', nodeName: 'n1', targetRef: ref('b') }], notReadyAddresses: [{ ip: '10.42.1.5', targetRef: ref('c') }], ports: http }],
  },
  {
    name: 'pods without IPs, finished and terminating pods are left out',
    service: service('web'),
    pods: [pod('noip'), pod('done', { ip: '10.42.0.7', phase: 'Succeeded' }), pod('bye', { ip: '10.42.0.8', terminating: true })],
    want: [],
  },
  {
    name: 'publishNotReadyAddresses lists every address (terminating too) as ready',
    service: service('web', { publishNotReadyAddresses: true }),
    pods: [pod('a', { ip: '10.42.0.5', ready: false }), pod('bye', { ip: '10.42.0.8', terminating: true })],
    want: [{ addresses: [{ ip: '10.42.0.5', targetRef: ref('a') }, { ip: '10.42.0.8', targetRef: ref('bye') }], ports: http }],
  },
  {
    name: 'named target ports resolve per pod; pods lacking the port are left out of it',
    service: service('web', { ports: [{ name: 'http', port: 80, targetPort: 'web', protocol: 'TCP' }] }),
    pods: [
      pod('a', { ip: '10.42.0.5', ports: [{ name: 'web', containerPort: 8080 }] }),
      pod('b', { ip: '10.42.0.6', ports: [{ name: 'web', containerPort: 9090 }] }),
      pod('c', { ip: '10.42.0.7', ports: [{ name: 'other', containerPort: 1 }] }),
    ],
    want: [
      { addresses: [{ ip: '10.42.0.5', targetRef: ref('a') }], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] },
      { addresses: [{ ip: '10.42.0.6', targetRef: ref('b') }], ports: [{ name: 'http', port: 9090, protocol: 'TCP' }] },
    ],
  },
  {
    name: 'headless without ports publishes addresses alone, with hostnames under the subdomain',
    service: service('db', { clusterIP: 'None', ports: [] }),
    pods: [pod('db-0', { ip: '10.42.0.5', hostname: 'db-0', subdomain: 'db' }), pod('x', { ip: '10.42.0.6', hostname: 'x', subdomain: 'other' })],
    want: [{ addresses: [{ ip: '10.42.0.5', hostname: 'db-0', targetRef: ref('db-0') }, { ip: '10.42.0.6', targetRef: ref('x') }] }],
  },
  {
    name: 'the address of the Service family is used',
    service: service('web', { ipFamilies: ['IPv6'], clusterIP: 'fd00::10' }),
    pods: [pod('a', { ip: ['10.42.0.5', 'fd00:42::5'] }), pod('v4only', { ip: '10.42.0.6' })],
    want: [{ addresses: [{ ip: 'fd00:42::5', targetRef: ref('a') }], ports: http }],
  },
];

describe('desiredSubsets', () => {
  for (const c of cases) {
    it(c.name, () => assert.deepEqual(desiredSubsets(c.service, c.pods), { subsets: c.want, truncated: false }));
  }

  it('truncates beyond the capacity, keeping ready addresses', () => {
    const pods = Array.from({ length: MAX_ENDPOINT_ADDRESSES + 5 }, (_, i) => pod(`p${i}`, { ip: `10.42.${i >> 8}.${i & 255}`, ready: i >= 5 }));
    const { subsets, truncated } = desiredSubsets(service('web'), pods);
    assert.equal(truncated, true);
    assert.equal(subsets[0]!.addresses!.length, MAX_ENDPOINT_ADDRESSES);
    assert.equal(subsets[0]!.notReadyAddresses, undefined);
  });
});
