import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as packet from 'dns-packet';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.d.ts';
import { createLogger } from '../log/logger.ts';
import { Forwarder } from './forwarder.ts';
import { answerQuery, type HandlerContext } from './handler.ts';
import { DnsServer } from './server.ts';
import { queryTcp, queryUdp, rcodeOf, sendUdp, startFakeUpstream, type FakeUpstream } from './testing.ts';
import { staticClusterView } from './view.ts';

const logger = createLogger({ level: 'error' });
const many: EndpointSlice = {
  metadata: { name: 'big-1', namespace: 'default', labels: { 'kubernetes.io/service-name': 'big' } },
  addressType: 'IPv4',
  endpoints: Array.from({ length: 60 }, (_, i) => ({ addresses: [`10.42.1.${i + 1}`] })),
};
const view = staticClusterView({
  namespaces: ['default'],
  services: [
    { metadata: { name: 'web', namespace: 'default' }, spec: { clusterIP: '10.43.0.20', ports: [{ name: 'http', port: 80 }] } },
    { metadata: { name: 'big', namespace: 'default' }, spec: { clusterIP: 'None' } },
    { metadata: { name: 'ext', namespace: 'default' }, spec: { type: 'ExternalName', externalName: 'www.example.com' } },
  ],
  endpointSlices: [many],
});
const zone = { domain: 'cluster.local', dnsIP: '10.43.0.10' };

let upstream: FakeUpstream;
let silent: FakeUpstream;
let server: DnsServer;
let port: number;
let ctx: HandlerContext;

before(async () => {
  upstream = await startFakeUpstream((q) => {
    if (q.name === 'big.example.com') return 'truncate';
    return q.type === 'A' ? [{ type: 'A', name: q.name, ttl: 30, data: '192.0.2.1' }] : [];
  });
  silent = await startFakeUpstream(() => 'silent');
  ctx = { view, zone, logger, forwarder: new Forwarder({ upstreams: [{ host: '127.0.0.1', port: upstream.port }], timeoutMs: 500 }) };
  server = new DnsServer({ address: '127.0.0.1', port: 0, logger, answer: (m, t) => answerQuery(ctx, m, t) });
  port = await server.listen();
});

after(async () => {
  await server.close();
  await upstream.close();
  await silent.close();
});

test('cluster names over UDP and TCP, authoritative', async () => {
  for (const ask of [queryUdp, queryTcp]) {
    const r = await ask(port, { type: 'A', name: 'web.default.svc.cluster.local' });
    assert.equal(rcodeOf(r), 'NOERROR');
    assert.ok((r.flags! & packet.AUTHORITATIVE_ANSWER) !== 0);
    assert.deepEqual(r.answers, [{ type: 'A', class: 'IN', flush: false, name: 'web.default.svc.cluster.local', ttl: 5, data: '10.43.0.20' }]);
  }
  const nx = await queryUdp(port, { type: 'A', name: 'nope.default.svc.cluster.local' });
  assert.equal(rcodeOf(nx), 'NXDOMAIN');
  assert.equal(nx.authorities![0]!.type, 'SOA');
});

test('an answer too big for UDP comes back truncated; TCP carries it whole', async () => {
  const udp = await queryUdp(port, { type: 'A', name: 'big.default.svc.cluster.local' });
  assert.ok((udp.flags! & packet.TRUNCATED_RESPONSE) !== 0);
  assert.equal(udp.answers!.length, 0);
  const tcp = await queryTcp(port, { type: 'A', name: 'big.default.svc.cluster.local' });
  assert.equal(tcp.answers!.length, 60);
  const edns = await queryUdp(port, { type: 'A', name: 'big.default.svc.cluster.local' }, { edns: true });
  assert.equal(edns.answers!.length, 60);
});

test('other names are forwarded; a truncated upstream reply is retried over TCP', async () => {
  const r = await queryUdp(port, { type: 'A', name: 'example.org' });
  assert.equal(rcodeOf(r), 'NOERROR');
  assert.deepEqual(r.answers!.map((a) => ('data' in a ? a.data : '')), ['192.0.2.1']);
  const big = await queryTcp(port, { type: 'A', name: 'big.example.com' });
  assert.deepEqual(big.answers!.map((a) => ('data' in a ? a.data : '')), ['192.0.2.99']);
});

test('ExternalName: the CNAME and its target chased upstream', async () => {
  const r = await queryUdp(port, { type: 'A', name: 'ext.default.svc.cluster.local' });
  assert.deepEqual(r.answers!.map((a) => [a.type, 'data' in a ? a.data : '']), [['CNAME', 'www.example.com'], ['A', '192.0.2.1']]);
});

test('a silent upstream gives SERVFAIL after the timeout; no forwarder gives REFUSED', async () => {
  const saved = ctx.forwarder;
  try {
    ctx.forwarder = new Forwarder({ upstreams: [{ host: '127.0.0.1', port: silent.port }], timeoutMs: 300 });
    assert.equal(rcodeOf(await queryUdp(port, { type: 'A', name: 'example.org' }, { timeoutMs: 3000 })), 'SERVFAIL');
    ctx.forwarder = undefined;
    assert.equal(rcodeOf(await queryUdp(port, { type: 'A', name: 'example.org' })), 'REFUSED');
  } finally {
    ctx.forwarder = saved;
  }
});

test('malformed messages: too short or responses are ignored, undecodable ones get FORMERR', async () => {
  assert.equal(await answerQuery(ctx, Buffer.from([1, 2, 3]), 'udp'), undefined);
  const response = packet.encode({ type: 'response', id: 7, questions: [{ type: 'A', name: 'x' }] });
  assert.equal(await answerQuery(ctx, response, 'udp'), undefined);
  const garbage = Buffer.concat([Buffer.from([0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0]), Buffer.from([0x3f, 0x41])]);
  const reply = packet.decode((await answerQuery(ctx, garbage, 'udp'))!);
  assert.equal(reply.id, 0x1234);
  assert.equal(rcodeOf(reply), 'FORMERR');
  const two = packet.encode({ type: 'query', id: 9, questions: [{ type: 'A', name: 'a' }, { type: 'A', name: 'b' }] });
  assert.equal(rcodeOf(packet.decode((await answerQuery(ctx, two, 'udp'))!)), 'FORMERR');
});

test('fuzz: 10,000 random packets never crash the server, which keeps answering', async () => {
  const valid = packet.encode({ type: 'query', id: 1, flags: packet.RECURSION_DESIRED, questions: [{ type: 'SRV', name: '_http._tcp.web.default.svc.cluster.local' }] });
  const noForward = { ...ctx, forwarder: undefined };
  for (let i = 0; i < 10_000; i++) {
    // Half pure noise, half a valid query with a few bytes flipped (reaches deeper into the decoder).
    const message = i % 2 ? randomBytes(Math.floor(Math.random() * 600)) : Buffer.from(valid);
    if (i % 2 === 0) for (let k = 0; k < 3; k++) message[Math.floor(Math.random() * message.length)] = Math.floor(Math.random() * 256);
    if (i % 2 === 0) message[2]! &= 0x7f; // stay a query
    const reply = await answerQuery(noForward, message, i % 3 ? 'udp' : 'tcp');
    if (reply) assert.ok(reply.length >= 12);
    if (i % 50 === 0) await sendUdp(port, message, { timeoutMs: 1 });
  }
  const r = await queryUdp(port, { type: 'A', name: 'web.default.svc.cluster.local' });
  assert.equal(rcodeOf(r), 'NOERROR');
});
