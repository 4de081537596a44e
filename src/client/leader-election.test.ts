import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Lease } from 'kubernetes-types/coordination/v1.d.ts';
import { createLogger } from '../log/logger.ts';
import { ApiClient } from './client.ts';
import { FakeClock } from './clock.ts';
import { LeaderElector, microTime } from './leader-election.ts';
import { FakeTransport, statusBody } from './testing.ts';

const quiet = createLogger({ level: 'error', write: () => undefined });

/** One Lease with optimistic concurrency, like the server keeps it. */
function leaseServer() {
  let lease: Lease | undefined;
  let rv = 1;
  const path = /\/apis\/coordination\.k8s\.io\/v1\/namespaces\/kube-system\/leases(\/[^/]+)?$/;
  const fake = new FakeTransport()
    .on('GET', path, () => (lease ? { status: 200, body: lease } : { status: 404, body: statusBody(404, 'NotFound') }))
    .on('POST', path, (req) => {
      if (lease) return { status: 409, body: statusBody(409, 'AlreadyExists') };
      lease = { ...(req.json as Lease), metadata: { ...(req.json as Lease).metadata, resourceVersion: String(++rv) } };
      return { status: 201, body: lease };
    })
    .on('PUT', path, (req) => {
      const body = req.json as Lease;
      if (body.metadata?.resourceVersion !== lease?.metadata?.resourceVersion) return { status: 409, body: statusBody(409, 'Conflict') };
      lease = { ...body, metadata: { ...body.metadata, resourceVersion: String(++rv) } };
      return { status: 200, body: lease };
    });
  return { fake, lease: () => lease };
}

test('MicroTime has microseconds', () => {
  assert.equal(microTime(Date.UTC(2024, 0, 2, 3, 4, 5, 678)), '2024-01-02T03:04:05.678000Z');
});

test('one of two candidates leads; the other takes over only a lease duration after the leader stops renewing', async () => {
  const clock = new FakeClock();
  const server = leaseServer();
  const client = new ApiClient(server.fake.send);
  const events: string[] = [];
  const candidate = (identity: string) =>
    new LeaderElector({
      client, namespace: 'kube-system', name: 'kcm', identity, clock, logger: quiet,
      leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 500, releaseOnCancel: false,
      onStartedLeading: () => void events.push(`${identity} leads @${clock.now() - Date.UTC(2024, 0, 1)}`),
      onStoppedLeading: () => void events.push(`${identity} stopped`),
    });
  const a = candidate('a');
  const b = candidate('b');
  const stopA = new AbortController();
  const stopB = new AbortController();
  const runningA = a.run(stopA.signal);
  await clock.advance(0);
  const runningB = b.run(stopB.signal);
  await clock.advance(5000);
  assert.deepEqual(events, ['a leads @0']);
  assert.equal(b.leader(), 'a');
  assert.equal(server.lease()!.spec!.holderIdentity, 'a');
  stopA.abort();
  await runningA;
  const stoppedAt = clock.now() - Date.UTC(2024, 0, 1);
  await clock.advance(2500);
  assert.deepEqual(events, ['a leads @0', 'a stopped'], 'the lease is still fresh');
  await clock.advance(1500);
  assert.equal(events[2]?.startsWith('b leads'), true);
  const tookOver = Number(events[2]!.split('@')[1]);
  assert.ok(tookOver >= stoppedAt + 3000 && tookOver <= stoppedAt + 3500, `took over at ${tookOver}`);
  assert.equal(server.lease()!.spec!.leaseTransitions, 1);
  assert.equal(server.lease()!.spec!.leaseDurationSeconds, 3);
  stopB.abort();
  await runningB;
});

test('a leader that cannot renew before the deadline steps down', async () => {
  const clock = new FakeClock();
  const server = leaseServer();
  let broken = false;
  const flaky = new FakeTransport().on('PUT', /./, (req) => (broken ? { status: 503, body: statusBody(503, 'ServiceUnavailable') } : server.fake.send(req).then(() => ({ status: 200, body: server.lease() }))));
  flaky.on('GET', /./, (req) => server.fake.send(req).then(() => (server.lease() ? { status: 200, body: server.lease() } : { status: 404, body: statusBody(404, 'NotFound') })));
  flaky.on('POST', /./, (req) => server.fake.send(req).then(() => ({ status: 201, body: server.lease() })));
  let leadership: AbortSignal | undefined;
  const elector = new LeaderElector({
    client: new ApiClient(flaky.send), namespace: 'kube-system', name: 'kcm', identity: 'a', clock, logger: quiet,
    leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 500,
    onStartedLeading: (signal) => void (leadership = signal),
  });
  const running = elector.run(new AbortController().signal);
  await clock.advance(1000);
  assert.equal(elector.isLeader(), true);
  broken = true;
  await clock.advance(2500);
  await running;
  assert.equal(elector.isLeader(), false);
  assert.equal(leadership?.aborted, true);
});
