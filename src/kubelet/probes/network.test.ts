import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Container } from 'kubernetes-types/core/v1.d.ts';
import { ExecTimeoutError } from '../runtime/types.ts';
import { resolveAction, resolvePort } from './actions.ts';
import { decodeHealthCheckResponse, encodeHealthCheckRequest } from './grpc.ts';
import { NetworkProbeTarget, httpGet, tcpConnect } from './network.ts';

const container: Container = { name: 'app', ports: [{ name: 'web', containerPort: 8080 }] };

test('resolveAction: host defaults to the pod IP, named ports, scheme, path and headers', () => {
  const cases = [
    { h: { httpGet: { port: 'web', path: 'ready' } }, want: { kind: 'httpGet', url: 'http://10.0.0.9:8080/ready', headers: { 'User-Agent': 'kube-probe/1.32', Accept: '*/*' } } },
    { h: { httpGet: { port: 443, scheme: 'HTTPS', host: 'fd00::1', path: '/x?y=1', httpHeaders: [{ name: 'user-agent', value: 'me' }] } }, want: { kind: 'httpGet', url: 'https://[fd00::1]:443/x?y=1', headers: { 'user-agent': 'me', Accept: '*/*' } } },
    { h: { tcpSocket: { port: '9000' } }, want: { kind: 'tcpSocket', host: '10.0.0.9', port: 9000 } },
    { h: { grpc: { port: 50051 } }, want: { kind: 'grpc', host: '10.0.0.9', port: 50051, service: '' } },
    { h: { exec: { command: ['cat', '/ok'] } }, want: { kind: 'exec', command: ['cat', '/ok'] } },
  ];
  for (const c of cases) assert.deepEqual(resolveAction(c.h, container, '10.0.0.9'), c.want);
  assert.throws(() => resolvePort('nope', container), /couldn't find port: nope in app/);
});

test('http probes: 200–399 succeed, 400+ fail with the status code, refused connections fail', async () => {
  const server = http.createServer((req, res) => {
    res.statusCode = Number(req.url!.slice(1));
    res.end(`ua=${req.headers['user-agent']}`);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  try {
    for (const [code, result] of [[200, 'success'], [302, 'success'], [399, 'success'], [404, 'failure'], [500, 'failure']] as const) {
      const out = await httpGet(`http://127.0.0.1:${port}/${code}`, { 'User-Agent': 'kube-probe/1.32' }, 1000);
      assert.equal(out.result, result, String(code));
      if (result === 'failure') assert.equal(out.output, `HTTP probe failed with statuscode: ${code}`);
      else assert.equal(out.output, 'ua=kube-probe/1.32');
    }
  } finally {
    server.close();
  }
  const refused = await httpGet(`http://127.0.0.1:${port}/`, {}, 1000);
  assert.equal(refused.result, 'failure');
  assert.match(refused.output, new RegExp(`^Get "http://127.0.0.1:${port}/": .*ECONNREFUSED`));
});

test('tcp probes: a listening port succeeds, a closed one fails with the dial error', async () => {
  const server = net.createServer((s) => s.end());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  assert.deepEqual(await tcpConnect('127.0.0.1', port, 1000), { result: 'success', output: '' });
  server.close();
  await new Promise((r) => server.once('close', r));
  const out = await tcpConnect('127.0.0.1', port, 1000);
  assert.equal(out.result, 'failure');
  assert.match(out.output, new RegExp(`^dial tcp 127.0.0.1:${port}: `));
});

test('exec probes go through the runtime: exit 0 succeeds, else fails with the output; timeouts and missing execSync fail', async () => {
  const target = new NetworkProbeTarget({
    execSync: async (_id, cmd) => {
      if (cmd[0] === 'slow') throw new ExecTimeoutError(1);
      return { exitCode: cmd[0] === 'ok' ? 0 : 1, stdout: 'out ', stderr: 'err' };
    },
  });
  const run = (command: string[]) => target.run({ containerId: 'c', purpose: 'liveness', action: { kind: 'exec', command }, timeoutMs: 1000 });
  assert.deepEqual(await run(['ok']), { result: 'success', output: 'out err' });
  assert.deepEqual(await run(['bad']), { result: 'failure', output: 'out err' });
  assert.deepEqual(await run(['slow', 'x']), { result: 'failure', output: 'command "slow x" timed out' });
  const none = await new NetworkProbeTarget({}).run({ containerId: 'c', purpose: 'readiness', action: { kind: 'exec', command: ['x'] }, timeoutMs: 1000 });
  assert.deepEqual(none, { result: 'failure', output: 'the container runtime does not support exec' });
});

test('grpc health messages: the request carries the service, the response its status', () => {
  assert.deepEqual([...encodeHealthCheckRequest('')], []);
  assert.deepEqual([...encodeHealthCheckRequest('db')], [0x0a, 2, 0x64, 0x62]);
  assert.equal(decodeHealthCheckResponse(Buffer.from([0x08, 0x01])), 1);
  assert.equal(decodeHealthCheckResponse(Buffer.from([0x12, 0x01, 0x41, 0x08, 0x02])), 2);
  assert.equal(decodeHealthCheckResponse(Buffer.alloc(0)), 0);
});

test('grpc probes against a grpc-js health server: SERVING succeeds, NOT_SERVING and no server fail', async () => {
  const grpc = await import('@grpc/grpc-js');
  const server = new grpc.Server();
  const statuses: Record<string, number> = { '': 1, db: 2 };
  server.addService({
    Check: {
      path: '/grpc.health.v1.Health/Check', requestStream: false, responseStream: false,
      requestSerialize: encodeHealthCheckRequest, requestDeserialize: (b: Buffer) => ({ service: b.subarray(2).toString() }),
      responseSerialize: (s: number) => Buffer.from([0x08, s]), responseDeserialize: decodeHealthCheckResponse,
    },
  }, { Check: (call: { request: { service: string } }, cb: (err: null, s: number) => void) => cb(null, statuses[call.request.service] ?? 3) });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
  try {
    const { grpcHealthCheck } = await import('./grpc.ts');
    assert.deepEqual(await grpcHealthCheck('127.0.0.1', port, 'db', 2000), { result: 'failure', output: 'service unhealthy (responded with "NOT_SERVING")' });
    assert.deepEqual(await grpcHealthCheck('127.0.0.1', port, '', 2000), { result: 'success', output: '' });
    assert.deepEqual(await grpcHealthCheck('127.0.0.1', port, 'db', 2000), { result: 'failure', output: 'service unhealthy (responded with "NOT_SERVING")' });
  } finally {
    server.forceShutdown();
  }
  const down = await (await import('./grpc.ts')).grpcHealthCheck('127.0.0.1', port, '', 500);
  assert.equal(down.result, 'failure');
  assert.match(down.output, new RegExp(`^timeout: failed to connect service "127.0.0.1:${port}" within 0.5s`));
});
