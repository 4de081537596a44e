// Against a real `kites server`: Services and EndpointSlices created through the API, questions asked
// over UDP and TCP, other names forwarded to a fake upstream on 127.0.0.1 (nothing leaves the machine).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import type { Question } from 'dns-packet';
import type { Service } from 'kubernetes-types/core/v1.d.ts';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.d.ts';
import { ApiClient } from '../client/index.ts';
import { startKitesServer, type KitesServer } from '../../test/support/kites-server.ts';
import { queryTcp, queryUdp, rcodeOf, startFakeUpstream, type FakeUpstream } from './testing.ts';
import { reverseName } from './names.ts';

let server: KitesServer;
let client: ApiClient;
let upstream: FakeUpstream;
let port: number;

async function freePort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  const p = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return p;
}

async function eventually<T>(what: string, fn: () => Promise<T | undefined>, deadlineMs = 20_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const got = await fn().catch(() => undefined);
    if (got !== undefined) return got;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const data = (answers: readonly unknown[] | undefined) => (answers ?? []).map((a) => (a as { data: unknown }).data);
const ask = (q: Question) => queryUdp(port, q, { timeoutMs: 5000 });

before(async () => {
  upstream = await startFakeUpstream((q) => (q.name === 'silent.example' ? 'silent' : q.type === 'A' ? [{ type: 'A', name: q.name, ttl: 60, data: '192.0.2.7' }] : []));
  port = await freePort();
  server = await startKitesServer({
    extraArgs: ['--disable-agent', '--disable-controller-manager', '--disable-scheduler', '--cluster-dns', '127.0.0.1', '--cluster-dns-port', String(port), '--dns-upstream', `127.0.0.1:${upstream.port}`],
  });
  client = await ApiClient.fromKubeconfig(server.kubeconfig);
  await eventually('the cluster DNS to answer', async () => rcodeOf(await queryUdp(port, { type: 'A', name: 'kubernetes.default.svc.cluster.local' }, { timeoutMs: 500 })) === 'NOERROR' || undefined);
});

after(async () => {
  client?.close();
  await server?.stop();
  await upstream?.close();
});

test('ClusterIP service: A over UDP and TCP, PTR back, SRV for its named port', async () => {
  const services = client.forKind<Service>('', 'v1', 'Service', 'default');
  const svc = await services.create({ metadata: { name: 'web' }, spec: { ports: [{ name: 'http', port: 80, protocol: 'TCP' }], selector: { app: 'web' } } });
  const ip = svc.spec!.clusterIP!;
  const a = await eventually('web A', async () => {
    const r = await ask({ type: 'A', name: 'web.default.svc.cluster.local' });
    return rcodeOf(r) === 'NOERROR' ? r : undefined;
  });
  assert.deepEqual(data(a.answers), [ip]);
  assert.deepEqual(data((await queryTcp(port, { type: 'A', name: 'web.default.svc.cluster.local' })).answers), [ip]);
  assert.deepEqual(data((await ask({ type: 'PTR', name: reverseName(ip) })).answers), ['web.default.svc.cluster.local']);
  const srv = await ask({ type: 'SRV', name: '_http._tcp.web.default.svc.cluster.local' });
  assert.deepEqual(data(srv.answers), [{ priority: 0, weight: 100, port: 80, target: 'web.default.svc.cluster.local' }]);
});

test('headless service: ready endpoint addresses and per-hostname names', async () => {
  await client.forKind<Service>('', 'v1', 'Service', 'default').create({ metadata: { name: 'db' }, spec: { clusterIP: 'None', ports: [{ name: 'pg', port: 5432 }] } });
  await client.forKind<EndpointSlice>('discovery.k8s.io', 'v1', 'EndpointSlice', 'default').create({
    metadata: { name: 'db-1', labels: { 'kubernetes.io/service-name': 'db' } },
    addressType: 'IPv4',
    ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }],
    endpoints: [
      { addresses: ['10.42.0.11'], hostname: 'db-0', conditions: { ready: true } },
      { addresses: ['10.42.0.12'], hostname: 'db-1', conditions: { ready: true } },
      { addresses: ['10.42.0.13'], hostname: 'db-2', conditions: { ready: false } },
    ],
  });
  const a = await eventually('db A', async () => {
    const r = await ask({ type: 'A', name: 'db.default.svc.cluster.local' });
    return r.answers?.length ? r : undefined;
  });
  assert.deepEqual(data(a.answers).sort(), ['10.42.0.11', '10.42.0.12']);
  assert.deepEqual(data((await ask({ type: 'A', name: 'db-1.db.default.svc.cluster.local' })).answers), ['10.42.0.12']);
  const srv = await queryTcp(port, { type: 'SRV', name: '_pg._tcp.db.default.svc.cluster.local' });
  assert.deepEqual(data(srv.answers).map((d) => (d as { target: string }).target).sort(), ['db-0.db.default.svc.cluster.local', 'db-1.db.default.svc.cluster.local']);
});

test('ExternalName: CNAME (its target resolved by the upstream)', async () => {
  await client.forKind<Service>('', 'v1', 'Service', 'default').create({ metadata: { name: 'ext' }, spec: { type: 'ExternalName', externalName: 'db.example.net' } });
  const r = await eventually('ext CNAME', async () => {
    const got = await ask({ type: 'A', name: 'ext.default.svc.cluster.local' });
    return got.answers?.length ? got : undefined;
  });
  assert.deepEqual(r.answers!.map((x) => [x.type, (x as { data: unknown }).data]), [['CNAME', 'db.example.net'], ['A', '192.0.2.7']]);
});

test('unknown service: NXDOMAIN with the SOA; other names forwarded; a silent upstream: SERVFAIL', async () => {
  const nx = await ask({ type: 'A', name: 'missing.default.svc.cluster.local' });
  assert.equal(rcodeOf(nx), 'NXDOMAIN');
  assert.deepEqual(nx.authorities!.map((x) => [x.type, x.name]), [['SOA', 'cluster.local']]);
  const fwd = await ask({ type: 'A', name: 'www.example.org' });
  assert.deepEqual(data(fwd.answers), ['192.0.2.7']);
  assert.ok(upstream.received.some((q) => q.name === 'www.example.org'));
  const fail = await ask({ type: 'A', name: 'silent.example' });
  assert.equal(rcodeOf(fail), 'SERVFAIL');
});

test('a Service created while running answers within a second', async () => {
  const svc = await client.forKind<Service>('', 'v1', 'Service', 'default').create({ metadata: { name: 'late' }, spec: { ports: [{ port: 8080 }] } });
  const r = await eventually(
    'late A',
    async () => {
      const got = await ask({ type: 'A', name: 'late.default.svc.cluster.local' });
      return got.answers?.length ? got : undefined;
    },
    1000,
  );
  assert.deepEqual(data(r.answers), [svc.spec!.clusterIP]);
});
