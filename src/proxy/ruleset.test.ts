// Golden-ish tests of the generated rules for representative services, and (as root) proof that the
// kernel takes the full script in a throwaway network namespace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import type { Service } from 'kubernetes-types/core/v1.d.ts';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.d.ts';
import { servicePorts } from './model.ts';
import { desiredRuleset } from './ruleset.ts';
import { emptyRuleset, fullScript, partialScript } from './transaction.ts';
import { service, slice } from './testing.ts';

const config = { podCidr: '10.42.0.0/16', nodeIPs: ['10.41.0.2'] };
const rules = (svcs: Service[], slices: EndpointSlice[]) => desiredRuleset(servicePorts(svcs, slices, 'node-a'), config);
const script = (svcs: Service[], slices: EndpointSlice[]) => partialScript(emptyRuleset(), rules(svcs, slices));
const lines = (s: string) => s.trim().split('\n').map((l) => l.trim());
const NODE_IPS = 'add element ip kites nodeport-ips { 10.41.0.2 }';

const cases: { name: string; svcs: Service[]; slices: EndpointSlice[]; want: string }[] = [
  {
    name: 'ClusterIP with two ready endpoints: random over both, hairpin masquerade per endpoint',
    svcs: [service('web', '10.43.0.5')],
    slices: [slice('web', [{ ip: '10.42.0.2' }, { ip: '10.42.1.2', node: 'node-b' }])],
    want: `
      add chain ip kites svc-default/web/tcp/http
      add chain ip kites ep-default/web/tcp/http__10.42.0.2/80
      add chain ip kites ep-default/web/tcp/http__10.42.1.2/80
      add rule ip kites svc-default/web/tcp/http numgen random mod 2 vmap { 0 : goto ep-default/web/tcp/http__10.42.0.2/80, 1 : goto ep-default/web/tcp/http__10.42.1.2/80 }
      add rule ip kites ep-default/web/tcp/http__10.42.0.2/80 ip saddr 10.42.0.2 jump mark-for-masquerade
      add rule ip kites ep-default/web/tcp/http__10.42.0.2/80 meta l4proto tcp dnat to 10.42.0.2:80
      add rule ip kites ep-default/web/tcp/http__10.42.1.2/80 ip saddr 10.42.1.2 jump mark-for-masquerade
      add rule ip kites ep-default/web/tcp/http__10.42.1.2/80 meta l4proto tcp dnat to 10.42.1.2:80
      ${NODE_IPS}
      add element ip kites service-ips { 10.43.0.5 . tcp . 80 : goto svc-default/web/tcp/http }`,
  },
  {
    name: 'a terminating endpoint next to a ready one gets no new connections',
    svcs: [service('web', '10.43.0.5')],
    slices: [slice('web', [{ ip: '10.42.0.2', ready: false, serving: true, terminating: true }, { ip: '10.42.0.3' }])],
    want: `
      add chain ip kites svc-default/web/tcp/http
      add chain ip kites ep-default/web/tcp/http__10.42.0.3/80
      add rule ip kites svc-default/web/tcp/http numgen random mod 1 vmap { 0 : goto ep-default/web/tcp/http__10.42.0.3/80 }
      add rule ip kites ep-default/web/tcp/http__10.42.0.3/80 ip saddr 10.42.0.3 jump mark-for-masquerade
      add rule ip kites ep-default/web/tcp/http__10.42.0.3/80 meta l4proto tcp dnat to 10.42.0.3:80
      ${NODE_IPS}
      add element ip kites service-ips { 10.43.0.5 . tcp . 80 : goto svc-default/web/tcp/http }`,
  },
  {
    name: 'NodePort without endpoints: rejected on the cluster IP and the node port',
    svcs: [service('empty', '10.43.0.6', { type: 'NodePort', ports: [{ name: 'http', port: 80, nodePort: 30080 }] })],
    slices: [],
    want: `
      ${NODE_IPS}
      add element ip kites no-endpoint-services { 10.43.0.6 . tcp . 80 : goto reject-chain }
      add element ip kites no-endpoint-nodeports { tcp . 30080 : goto reject-chain }`,
  },
  {
    name: 'NodePort with policy Cluster: outside sources masqueraded',
    svcs: [service('np', '10.43.0.8', { type: 'NodePort', ports: [{ name: 'http', port: 80, nodePort: 30082 }] })],
    slices: [slice('np', [{ ip: '10.42.1.2', node: 'node-b' }])],
    want: `
      add chain ip kites svc-default/np/tcp/http
      add chain ip kites ep-default/np/tcp/http__10.42.1.2/80
      add chain ip kites ext-default/np/tcp/http
      add rule ip kites svc-default/np/tcp/http numgen random mod 1 vmap { 0 : goto ep-default/np/tcp/http__10.42.1.2/80 }
      add rule ip kites ep-default/np/tcp/http__10.42.1.2/80 ip saddr 10.42.1.2 jump mark-for-masquerade
      add rule ip kites ep-default/np/tcp/http__10.42.1.2/80 meta l4proto tcp dnat to 10.42.1.2:80
      add rule ip kites ext-default/np/tcp/http ip saddr != 10.42.0.0/16 jump mark-for-masquerade
      add rule ip kites ext-default/np/tcp/http goto svc-default/np/tcp/http
      ${NODE_IPS}
      add element ip kites service-ips { 10.43.0.8 . tcp . 80 : goto svc-default/np/tcp/http }
      add element ip kites service-nodeports { tcp . 30082 : goto ext-default/np/tcp/http }`,
  },
  {
    name: 'LoadBalancer, policy Local, ClientIP affinity: ingress IP like an external IP, local endpoints only from outside',
    svcs: [service('lb', '10.43.0.7', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } }, ports: [{ name: 'http', port: 80, nodePort: 30081 }] }, ['192.0.2.10'])],
    slices: [slice('lb', [{ ip: '10.42.0.2' }, { ip: '10.42.1.2', node: 'node-b' }])],
    want: `
      add set ip kites aff-60-default/lb/tcp/http__10.42.0.2/80 { type ipv4_addr; flags dynamic,timeout; timeout 60s; }
      add set ip kites aff-60-default/lb/tcp/http__10.42.1.2/80 { type ipv4_addr; flags dynamic,timeout; timeout 60s; }
      add chain ip kites svc-default/lb/tcp/http
      add chain ip kites local-default/lb/tcp/http
      add chain ip kites ep-default/lb/tcp/http__10.42.0.2/80
      add chain ip kites ep-default/lb/tcp/http__10.42.1.2/80
      add chain ip kites ext-default/lb/tcp/http
      add rule ip kites svc-default/lb/tcp/http ip saddr @aff-60-default/lb/tcp/http__10.42.0.2/80 goto ep-default/lb/tcp/http__10.42.0.2/80
      add rule ip kites svc-default/lb/tcp/http ip saddr @aff-60-default/lb/tcp/http__10.42.1.2/80 goto ep-default/lb/tcp/http__10.42.1.2/80
      add rule ip kites svc-default/lb/tcp/http numgen random mod 2 vmap { 0 : goto ep-default/lb/tcp/http__10.42.0.2/80, 1 : goto ep-default/lb/tcp/http__10.42.1.2/80 }
      add rule ip kites local-default/lb/tcp/http ip saddr @aff-60-default/lb/tcp/http__10.42.0.2/80 goto ep-default/lb/tcp/http__10.42.0.2/80
      add rule ip kites local-default/lb/tcp/http numgen random mod 1 vmap { 0 : goto ep-default/lb/tcp/http__10.42.0.2/80 }
      add rule ip kites ep-default/lb/tcp/http__10.42.0.2/80 ip saddr 10.42.0.2 jump mark-for-masquerade
      add rule ip kites ep-default/lb/tcp/http__10.42.0.2/80 update @aff-60-default/lb/tcp/http__10.42.0.2/80 { ip saddr }
      add rule ip kites ep-default/lb/tcp/http__10.42.0.2/80 meta l4proto tcp dnat to 10.42.0.2:80
      add rule ip kites ep-default/lb/tcp/http__10.42.1.2/80 ip saddr 10.42.1.2 jump mark-for-masquerade
      add rule ip kites ep-default/lb/tcp/http__10.42.1.2/80 update @aff-60-default/lb/tcp/http__10.42.1.2/80 { ip saddr }
      add rule ip kites ep-default/lb/tcp/http__10.42.1.2/80 meta l4proto tcp dnat to 10.42.1.2:80
      add rule ip kites ext-default/lb/tcp/http ip saddr 10.42.0.0/16 goto svc-default/lb/tcp/http
      add rule ip kites ext-default/lb/tcp/http fib saddr type local jump mark-for-masquerade
      add rule ip kites ext-default/lb/tcp/http fib saddr type local goto svc-default/lb/tcp/http
      add rule ip kites ext-default/lb/tcp/http goto local-default/lb/tcp/http
      ${NODE_IPS}
      add element ip kites service-ips { 10.43.0.7 . tcp . 80 : goto svc-default/lb/tcp/http }
      add element ip kites service-ips { 192.0.2.10 . tcp . 80 : goto ext-default/lb/tcp/http }
      add element ip kites service-nodeports { tcp . 30081 : goto ext-default/lb/tcp/http }`,
  },
  {
    name: 'both policies Local with endpoints on other nodes only: dropped, not rejected',
    svcs: [service('loc', '10.43.0.9', { type: 'NodePort', externalTrafficPolicy: 'Local', internalTrafficPolicy: 'Local', ports: [{ name: 'http', port: 80, nodePort: 30083 }] })],
    slices: [slice('loc', [{ ip: '10.42.1.2', node: 'node-b' }])],
    want: `
      ${NODE_IPS}
      add element ip kites no-endpoint-services { 10.43.0.9 . tcp . 80 : drop }
      add element ip kites no-endpoint-nodeports { tcp . 30083 : drop }`,
  },
];

for (const c of cases) {
  test(`ruleset: ${c.name}`, () => {
    assert.deepEqual(lines(script(c.svcs, c.slices)), lines(c.want));
  });
}

const rootSkip = process.getuid?.() !== 0 ? 'needs root (a network namespace)' : spawnSync('sh', ['-c', 'command -v nft']).status !== 0 ? 'needs nft (apt-get install -y nftables)' : false;

test('the kernel accepts the full script for every case together', { skip: rootSkip }, () => {
  const ns = `kites-proxytest-${randomBytes(4).toString('hex')}`;
  assert.equal(spawnSync('ip', ['netns', 'add', ns]).status, 0);
  try {
    const all = rules(cases.flatMap((c) => c.svcs), cases.flatMap((c) => c.slices));
    const r = spawnSync('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], { input: fullScript(all) });
    assert.equal(r.status, 0, r.stderr.toString());
    const listed = spawnSync('ip', ['netns', 'exec', ns, 'nft', 'list', 'chain', 'ip', 'kites', 'ext-default/lb/tcp/http']).stdout.toString();
    assert.match(listed, /goto local-default\/lb\/tcp\/http/);
  } finally {
    spawnSync('ip', ['netns', 'del', ns]);
  }
});
