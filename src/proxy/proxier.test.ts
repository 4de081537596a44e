// The proxier applies only what changed, rebuilds after a failure, and (as root) every partial
// script it writes is accepted by the kernel, stale chains and sets included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import type { Service } from 'kubernetes-types/core/v1.d.ts';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.d.ts';
import { FakeClock } from '../client/index.ts';
import { createLogger } from '../log/logger.ts';
import { ProxyMetrics } from './metrics.ts';
import { execNft, type NftRunner } from './nft.ts';
import { Proxier } from './proxier.ts';
import { service, slice } from './testing.ts';

function recorder(failNext = { value: false }): NftRunner & { scripts: string[] } {
  const scripts: string[] = [];
  return {
    scripts,
    async apply(script) {
      scripts.push(script);
      if (failNext.value) {
        failNext.value = false;
        throw new Error('nft said no');
      }
    },
  };
}

function proxier(nft: NftRunner, metrics = new ProxyMetrics()) {
  return new Proxier({ nft, nodeName: 'node-a', config: { podCidr: '10.42.0.0/16', nodeIPs: ['10.41.0.2'] }, metrics, clock: new FakeClock(), logger: createLogger({ level: 'error' }) });
}

const web = service('web', '10.43.0.5');
const api = service('api', '10.43.0.6');
const two = slice('web', [{ ip: '10.42.0.2' }, { ip: '10.42.0.3' }]);
const apiSlice = slice('api', [{ ip: '10.42.0.9' }]);

test('first sync rebuilds the table; an unchanged world writes nothing; a change touches only its service', async () => {
  const nft = recorder();
  const metrics = new ProxyMetrics();
  const p = proxier(nft, metrics);
  await p.sync([web, api], [two, apiSlice]);
  assert.match(nft.scripts[0]!, /^add table ip kites\ndelete table ip kites\ntable ip kites \{/);
  await p.sync([web, api], [two, apiSlice]);
  assert.equal(nft.scripts.length, 1);
  await p.sync([web, api], [slice('web', [{ ip: '10.42.0.3' }]), apiSlice]);
  const partial = nft.scripts[1]!;
  assert.doesNotMatch(partial, /api/);
  assert.doesNotMatch(partial, /table/);
  assert.deepEqual(partial.trim().split('\n'), [
    'flush chain ip kites svc-default/web/tcp/http',
    'add rule ip kites svc-default/web/tcp/http numgen random mod 1 vmap { 0 : goto ep-default/web/tcp/http__10.42.0.3/80 }',
    'flush chain ip kites ep-default/web/tcp/http__10.42.0.2/80',
    'delete chain ip kites ep-default/web/tcp/http__10.42.0.2/80',
  ]);
  const text = await metrics.registry.metrics();
  assert.match(text, /kites_proxy_sync_duration_seconds_count\{kind="full"\} 1/);
  assert.match(text, /kites_proxy_sync_duration_seconds_count\{kind="partial"\} 2/);
});

test('a refused transaction makes the next sync a full one', async () => {
  const fail = { value: false };
  const nft = recorder(fail);
  const p = proxier(nft);
  await p.sync([web], [two]);
  fail.value = true;
  await assert.rejects(p.sync([web, api], [two, apiSlice]), /nft said no/);
  await p.sync([web, api], [two, apiSlice]);
  assert.match(nft.scripts[2]!, /^add table ip kites\ndelete table ip kites/);
});

test('cleanup removes the table', async () => {
  const nft = recorder();
  await proxier(nft).cleanup();
  assert.equal(nft.scripts[0], 'add table ip kites\ndelete table ip kites\n');
});

const rootSkip = process.getuid?.() !== 0 ? 'needs root (a network namespace)' : spawnSync('sh', ['-c', 'command -v nft']).status !== 0 ? 'needs nft (apt-get install -y nftables)' : false;

test('the kernel takes every partial script, and the result equals a fresh build', { skip: rootSkip }, async () => {
  const ns = `kites-proxytest-${randomBytes(4).toString('hex')}`;
  const fresh = `kites-proxytest-${randomBytes(4).toString('hex')}`;
  assert.equal(spawnSync('ip', ['netns', 'add', ns]).status, 0);
  assert.equal(spawnSync('ip', ['netns', 'add', fresh]).status, 0);
  try {
    const lb = (affinity: number, policy: 'Local' | 'Cluster'): Service => service('lb', '10.43.0.7', {
      type: 'LoadBalancer', externalTrafficPolicy: policy, sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: affinity } },
      ports: [{ name: 'http', port: 80, nodePort: 30081 }],
    }, ['192.0.2.10']);
    const lbSlice = (ips: string[]) => slice('lb', ips.map((ip, i) => ({ ip, node: i % 2 ? 'node-b' : 'node-a' })));
    const steps: [Service[], EndpointSlice[]][] = [
      [[web, lb(60, 'Local')], [two, lbSlice(['10.42.0.4', '10.42.1.4'])]],
      [[web, lb(90, 'Local')], [two, lbSlice(['10.42.0.4'])]],
      [[web, lb(90, 'Cluster')], [lbSlice(['10.42.1.4', '10.42.1.5'])]],
      [[api, lb(90, 'Cluster')], [apiSlice]],
      [[web, api], [two, apiSlice]],
    ];
    const p = proxier(execNft({ netns: ns }));
    const list = (n: string) => spawnSync('ip', ['netns', 'exec', n, 'nft', '-s', 'list', 'table', 'ip', 'kites']).stdout.toString();
    for (const [svcs, slices] of steps) {
      await p.sync(svcs, slices);
      const ref = proxier(execNft({ netns: fresh }));
      await ref.sync(svcs, slices);
      const sorted = (text: string) => text.split('\n').map((l) => l.trim()).sort();
      assert.deepEqual(sorted(list(ns)), sorted(list(fresh)));
    }
    await p.cleanup();
    assert.notEqual(spawnSync('ip', ['netns', 'exec', ns, 'nft', 'list', 'table', 'ip', 'kites']).status, 0);
  } finally {
    spawnSync('ip', ['netns', 'del', ns]);
    spawnSync('ip', ['netns', 'del', fresh]);
  }
});
