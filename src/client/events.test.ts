import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Event } from 'kubernetes-types/core/v1.d.ts';
import { createLogger } from '../log/logger.ts';
import { ApiClient } from './client.ts';
import { FakeClock } from './clock.ts';
import { EventRecorder } from './events.ts';
import { FakeTransport, statusBody } from './testing.ts';

const quiet = createLogger({ level: 'error', write: () => undefined });
const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'web', name: 'web-1', uid: 'u1', resourceVersion: '7' } };

test('creates an Event, then folds identical ones within 10 minutes into count/lastTimestamp patches', async () => {
  const clock = new FakeClock(Date.UTC(2024, 0, 1, 12, 0, 0));
  const fake = new FakeTransport().on('POST', /events$/, (r) => ({ status: 201, body: r.json })).on('PATCH', /events\//, { status: 200, body: {} });
  const recorder = new EventRecorder({ client: new ApiClient(fake.send), component: 'kubelet', host: 'node-1', clock, logger: quiet });
  await recorder.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
  await clock.advance(60_000);
  await Promise.all([recorder.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container'), recorder.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container')]);
  await recorder.event(pod, 'Normal', 'Pulled', 'Container image "x" already present');
  await clock.advance(11 * 60_000);
  await recorder.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');

  const created = fake.find('POST').map((r) => r.json as Event);
  assert.equal(created.length, 3, 'first BackOff, Pulled, and BackOff again after the window');
  const first = created[0]!;
  assert.match(first.metadata!.name!, /^web-1\.[0-9a-f]+$/);
  assert.equal(BigInt('0x' + first.metadata!.name!.split('.')[1]) / 1_000_000n, BigInt(Date.UTC(2024, 0, 1, 12, 0, 0)));
  assert.deepEqual({ ...first, metadata: { namespace: first.metadata!.namespace } }, {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { namespace: 'web' },
    involvedObject: { apiVersion: 'v1', kind: 'Pod', namespace: 'web', name: 'web-1', uid: 'u1', resourceVersion: '7' },
    reason: 'BackOff',
    message: 'Back-off restarting failed container',
    type: 'Warning',
    source: { component: 'kubelet', host: 'node-1' },
    reportingComponent: 'kubelet',
    reportingInstance: 'node-1',
    firstTimestamp: '2024-01-01T12:00:00Z',
    lastTimestamp: '2024-01-01T12:00:00Z',
    count: 1,
  });
  const patches = fake.find('PATCH');
  assert.deepEqual(patches.map((p) => [p.url.pathname, p.json]), [
    [`/api/v1/namespaces/web/events/${first.metadata!.name}`, { count: 2, lastTimestamp: '2024-01-01T12:01:00Z' }],
    [`/api/v1/namespaces/web/events/${first.metadata!.name}`, { count: 3, lastTimestamp: '2024-01-01T12:01:00Z' }],
  ]);
  assert.notEqual(created[2]!.metadata!.name, first.metadata!.name);
});

test('cluster-scoped objects get events in default; a vanished Event is created anew; failures do not reject', async () => {
  const clock = new FakeClock();
  const fake = new FakeTransport()
    .on('POST', /events$/, (r) => ({ status: 201, body: r.json }))
    .on('PATCH', /events\//, { status: 404, body: statusBody(404, 'NotFound') });
  const recorder = new EventRecorder({ client: new ApiClient(fake.send), component: 'node-controller', clock, logger: quiet });
  const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', uid: 'n' } };
  await recorder.event(node, 'Normal', 'NodeReady', 'Node n1 status is now: NodeReady');
  await recorder.event(node, 'Normal', 'NodeReady', 'Node n1 status is now: NodeReady');
  assert.deepEqual(fake.find('POST').map((r) => r.url.pathname), ['/api/v1/namespaces/default/events', '/api/v1/namespaces/default/events']);
  const failing = new EventRecorder({ client: new ApiClient(new FakeTransport().send), component: 'x', clock, logger: quiet });
  await failing.event(node, 'Warning', 'X', 'y');
});
