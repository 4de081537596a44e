import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Container, Pod } from 'kubernetes-types/core/v1.d.ts';
import { podDnsConfig } from './dns.ts';
import { linuxResources, linuxSecurityContext } from './linux-config.ts';

const resourceCases: { name: string; resources: Container['resources']; want: [number, number, number] }[] = [
  { name: 'best effort', resources: {}, want: [2, 0, 0] },
  { name: 'requests only', resources: { requests: { cpu: '250m', memory: '64Mi' } }, want: [256, 0, 0] },
  { name: 'limits (request defaulted from the limit)', resources: { limits: { cpu: '500m', memory: '16Mi' } }, want: [512, 50_000, 16 * 2 ** 20] },
  { name: 'a tiny limit gets the minimum quota', resources: { requests: { cpu: '1m' }, limits: { cpu: '5m' } }, want: [2, 1_000, 0] },
  { name: 'two CPUs', resources: { requests: { cpu: '2' }, limits: { cpu: '2', memory: '1G' } }, want: [2048, 200_000, 1e9] },
];
for (const c of resourceCases) {
  test(`resources: ${c.name}`, () => {
    const r = linuxResources({ name: 'c', resources: c.resources });
    assert.deepEqual([r.cpuShares, r.cpuQuota, r.memoryLimitInBytes], c.want);
    assert.equal(r.cpuPeriod, 100_000);
  });
}

test('security context: the container overrides the pod', () => {
  const pod: Pod = { spec: { securityContext: { runAsUser: 1000, runAsGroup: 3000 }, containers: [] } };
  assert.deepEqual(linuxSecurityContext(pod, { name: 'c', securityContext: { runAsUser: 33, readOnlyRootFilesystem: true } }), { runAsUser: 33, runAsGroup: 3000, readonlyRootfs: true });
  assert.deepEqual(linuxSecurityContext({ spec: { containers: [] } }, { name: 'c' }), {});
});

const dnsCases: { name: string; spec: Partial<NonNullable<Pod['spec']>>; want: ReturnType<typeof podDnsConfig> }[] = [
  { name: 'ClusterFirst (the default)', spec: {}, want: { servers: ['10.43.0.10'], searches: ['web.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], options: ['ndots:5'] } },
  { name: 'Default: the node\'s', spec: { dnsPolicy: 'Default' }, want: undefined },
  { name: 'host network with ClusterFirst falls back to Default', spec: { hostNetwork: true }, want: undefined },
  { name: 'ClusterFirstWithHostNet', spec: { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }, want: { servers: ['10.43.0.10'], searches: ['web.svc.cluster.local', 'svc.cluster.local', 'cluster.local'], options: ['ndots:5'] } },
  { name: 'None: only the pod\'s dnsConfig', spec: { dnsPolicy: 'None', dnsConfig: { nameservers: ['1.1.1.1'], searches: ['x'], options: [{ name: 'edns0' }] } }, want: { servers: ['1.1.1.1'], searches: ['x'], options: ['edns0'] } },
  { name: 'ClusterFirst merged with dnsConfig (options override by name)', spec: { dnsConfig: { nameservers: ['9.9.9.9'], searches: ['corp'], options: [{ name: 'ndots', value: '2' }] } }, want: { servers: ['10.43.0.10', '9.9.9.9'], searches: ['web.svc.cluster.local', 'svc.cluster.local', 'cluster.local', 'corp'], options: ['ndots:2'] } },
];
for (const c of dnsCases) {
  test(`dns: ${c.name}`, () => assert.deepEqual(podDnsConfig({ metadata: { namespace: 'web' }, spec: { containers: [], ...c.spec } }), c.want));
}
