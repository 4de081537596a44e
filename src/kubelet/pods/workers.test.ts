import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { ApiClient, EventRecorder, FakeClock, Store, deepFreeze, type ResourceClient } from '../../client/index.ts';
import { FakeTransport, type RecordedRequest } from '../../client/testing.ts';
import { createLogger } from '../../log/logger.ts';
import { FakeRuntime } from '../runtime/fake/runtime.ts';
import { EMPTY_CONFIG_SOURCE, type ConfigSource } from '../volumes/source.ts';
import { PodWorkers } from './workers.ts';

/** A node's pod workers over an in-memory pod store, a fake API (recording writes) and the fake runtime on a fake clock. */
function harness(source: ConfigSource = EMPTY_CONFIG_SOURCE) {
  const clock = new FakeClock();
  const store = new Store<Pod>();
  const fake = new FakeTransport();
  const patched: Pod['status'][] = [];
  fake.on('PATCH', /\/pods\/[^/]+\/status$/, (req: RecordedRequest) => {
    const status = (req.json as Pod).status;
    patched.push(status);
    const key = req.url.pathname.split('/').slice(-4, -1);
    const current = store.get(`${key[0]}/${key[2]}`)!;
    return { status: 200, body: { ...current, metadata: { ...current.metadata, resourceVersion: String(Number(current.metadata!.resourceVersion) + 1) }, status } };
  });
  fake.on('DELETE', /\/pods\/[^/]+$/, { status: 200, body: {} });
  const events: string[] = [];
  fake.on('POST', /\/events$/, (req: RecordedRequest) => {
    const e = req.json as { reason: string; message: string };
    events.push(`${e.reason}: ${e.message}`);
    return { status: 201, body: req.json };
  });
  const client = new ApiClient(fake.send);
  const runtime = new FakeRuntime({ clock, fallbackPodCidr: '10.40.0.0/25', newId: (() => { let n = 0; return () => `id${++n}`; })() });
  const queued: string[] = [];
  runtime.onContainerEvent((e) => queued.push(e.type));
  const workers = new PodWorkers({
    nodeName: 'n1', runtime, runtimeName: 'fake', hostIP: '10.41.1.1', clock, logger: createLogger({ level: 'error' }),
    pods: { store, addEventHandler: () => () => true, waitForSync: async () => true },
    podClient: client.forKind<Pod>('', 'v1', 'Pod') as ResourceClient<Pod>,
    source, recorder: new EventRecorder({ client, component: 'kubelet', host: 'n1', clock }),
  });
  /** Puts the pod (with whatever status was last written) into the cache, as the informer would. */
  const put = (p: Pod) => store.put(deepFreeze(structuredClone(p)));
  const sync = async (p: Pod) => {
    put(p);
    return workers.reconcile(`${p.metadata!.namespace}/${p.metadata!.name}`);
  };
  const withStatus = (p: Pod, status = patched.at(-1)) => ({ ...p, metadata: { ...p.metadata, resourceVersion: String(Number(p.metadata!.resourceVersion) + 10) }, status });
  return { clock, store, fake, patched, runtime, workers, sync, put, withStatus, queued, events };
}

function pod(name: string, restartPolicy = 'Always', annotations: Record<string, string> = {}): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '1', annotations },
    spec: { nodeName: 'n1', restartPolicy, containers: [{ name: 'app', image: 'busybox' }, { name: 'side', image: 'nginx' }] },
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  };
}

test('a server pod goes Running and Ready with a pod IP, and is written once', async () => {
  const h = harness();
  const p = pod('web');
  await h.sync(p);
  assert.equal(h.patched.length, 1);
  const s = h.patched[0]!;
  assert.equal(s?.phase, 'Running');
  assert.equal(s?.podIP, '10.40.0.2');
  assert.equal(s?.hostIP, '10.41.1.1');
  assert.deepEqual(s?.containerStatuses?.map((c) => [c.name, c.ready, c.started, Boolean(c.state?.running), c.containerID?.startsWith('fake://')]), [['app', true, true, true, true], ['side', true, true, true, true]]);
  assert.equal(s?.conditions?.find((c) => c.type === 'Ready')?.status, 'True');
  // Nothing changes as time passes; the cache now shows what was written, so no second write.
  await h.clock.advance(60_000);
  await h.sync(h.withStatus(p));
  assert.equal(h.patched.length, 1);
});

test('run-to-completion pods pass through Running, then Succeed or Fail as their annotations say', async () => {
  const cases: { name: string; policy: string; annotations: Record<string, string>; phase: string; exitCode: number; reason: string; runMs: number }[] = [
    { name: 'ok', policy: 'Never', annotations: {}, phase: 'Succeeded', exitCode: 0, reason: 'Completed', runMs: 0 },
    { name: 'bad', policy: 'Never', annotations: { 'kites.dev/fake-exit-code': '1' }, phase: 'Failed', exitCode: 1, reason: 'Error', runMs: 0 },
    { name: 'slow', policy: 'OnFailure', annotations: { 'kites.dev/fake-run-seconds': '5' }, phase: 'Succeeded', exitCode: 0, reason: 'Completed', runMs: 5000 },
  ];
  for (const c of cases) {
    const h = harness();
    const p = pod(c.name, c.policy, c.annotations);
    await h.sync(p);
    assert.equal(h.patched.at(-1)?.phase, 'Running', c.name);
    if (c.runMs > 0) {
      await h.clock.advance(c.runMs - 1);
      await h.sync(h.withStatus(p));
      assert.equal(h.patched.length, 1, `${c.name}: still running before ${c.runMs} ms`);
    }
    await h.clock.advance(1);
    assert.ok(h.queued.includes('CONTAINER_STOPPED_EVENT'), `${c.name}: the exit is an event`);
    await h.sync(h.withStatus(p));
    const s = h.patched.at(-1)!;
    assert.equal(s?.phase, c.phase, c.name);
    assert.deepEqual(s?.containerStatuses?.map((x) => [x.state?.terminated?.exitCode, x.state?.terminated?.reason]), [[c.exitCode, c.reason], [c.exitCode, c.reason]], c.name);
    // The sandbox is released, and a cache still showing Running does not start the pod again.
    const writes = h.patched.length;
    await h.sync(h.withStatus(p, h.patched[0]));
    assert.equal(h.patched.length, writes, c.name);
    assert.deepEqual((await h.runtime.listPodSandbox()).map((x) => x.state), ['SANDBOX_NOTREADY'], c.name);
  }
});

test('a failing OnFailure container restarts, then waits in CrashLoopBackOff', async () => {
  const h = harness();
  const p = pod('crash', 'OnFailure', { 'kites.dev/fake-exit-code': '2' });
  p.spec!.containers = [{ name: 'app', image: 'busybox' }];
  await h.sync(p);
  await h.clock.advance(0);
  await h.sync(h.withStatus(p)); // exited → restarted at once
  assert.equal(h.patched.at(-1)?.containerStatuses?.[0]?.restartCount, 1);
  await h.clock.advance(0);
  const result = await h.sync(h.withStatus(p)); // exited again → back-off
  const s = h.patched.at(-1)!.containerStatuses![0]!;
  assert.equal(s.state?.waiting?.reason, 'CrashLoopBackOff');
  assert.match(s.state?.waiting?.message ?? '', /^back-off 10s restarting failed container=app pod=crash_default\(uid-crash\)$/);
  assert.equal(s.lastState?.terminated?.exitCode, 2);
  assert.equal(h.patched.at(-1)?.phase, 'Running');
  assert.deepEqual(result, { requeueAfter: 10_000 });
});

test('a pod being deleted is stopped, then deleted with grace 0 and its uid as precondition', async () => {
  const h = harness();
  const p = pod('web');
  await h.sync(p);
  await h.sync({ ...h.withStatus(p), metadata: { ...h.withStatus(p).metadata, deletionTimestamp: '2024-01-01T00:00:30Z', deletionGracePeriodSeconds: 30 } });
  const [del] = h.fake.find('DELETE', '/pods/web');
  assert.deepEqual((del?.json as { gracePeriodSeconds: number; preconditions: unknown }).gracePeriodSeconds, 0);
  assert.deepEqual((del?.json as { preconditions: unknown }).preconditions, { uid: 'uid-web' });
  assert.deepEqual((await h.runtime.listContainers()).map((c) => c.state), ['CONTAINER_EXITED', 'CONTAINER_EXITED']);
  // Gone from the API: the runtime forgets it.
  h.store.remove('default/web');
  await h.workers.reconcile('default/web');
  assert.deepEqual(await h.runtime.listPodSandbox(), []);
});

test('pods of other nodes are not touched', async () => {
  const h = harness();
  const p = pod('elsewhere');
  p.spec!.nodeName = 'n2';
  await h.sync(p);
  assert.equal(h.patched.length, 0);
  assert.deepEqual(await h.runtime.listPodSandbox(), []);
});

const ready = (s: Pod['status']) => s?.conditions?.find((c) => c.type === 'Ready')?.status;

test('a failing readiness probe keeps a running pod not Ready; a passing one makes it Ready', async () => {
  for (const [annotations, want] of [[{ 'kites.dev/fake-probe-fail': 'readiness' }, 'False'], [{}, 'True']] as const) {
    const h = harness();
    const p = pod('web', 'Always', annotations);
    p.spec!.containers = [{ name: 'app', image: 'busybox', readinessProbe: { httpGet: { port: 80 }, periodSeconds: 5 } }];
    await h.sync(p);
    assert.equal(h.patched.at(-1)?.phase, 'Running');
    assert.equal(ready(h.patched.at(-1)), 'False', 'readiness starts as failure');
    await h.clock.advance(10_000);
    await h.sync(h.withStatus(p));
    const s = h.patched.at(-1)!;
    assert.equal(s.phase, 'Running');
    assert.equal(ready(s), want);
    assert.equal(s.containerStatuses?.[0]?.ready, want === 'True');
    assert.equal(s.containerStatuses?.[0]?.started, true);
    if (want === 'False') {
      assert.equal(s.conditions?.find((c) => c.type === 'ContainersReady')?.message, 'containers with unready status: [app]');
      await h.clock.advance(0);
      assert.ok(h.events.some((e) => e.startsWith('Unhealthy: Readiness probe failed: ')), h.events.join('\n'));
    }
  }
});

test('a liveness failure kills the container (preStop first) and restarts it, with upstream events', async () => {
  const h = harness();
  const p = pod('live', 'Always', { 'kites.dev/fake-probe-fail': 'liveness' });
  p.spec!.containers = [{ name: 'app', image: 'busybox', livenessProbe: { exec: { command: ['check'] }, periodSeconds: 2, failureThreshold: 3 }, lifecycle: { preStop: { exec: { command: ['bye'] } } } }];
  const order: string[] = [];
  const target = h.runtime.probeTarget as { run: typeof h.runtime.probeTarget.run };
  const run = target.run;
  target.run = async (r) => { order.push(r.purpose); return run(r); };
  const stop = h.runtime.stopContainer.bind(h.runtime);
  h.runtime.stopContainer = async (id, grace) => { order.push(`stop ${grace}`); return stop(id, grace); };
  await h.sync(p);
  await h.clock.advance(3_999);
  await h.sync(h.withStatus(p));
  assert.equal(h.patched.at(-1)?.containerStatuses?.[0]?.restartCount, 0, 'two failures are below the threshold');
  await h.clock.advance(1);
  await h.sync(h.withStatus(p));
  const s = h.patched.at(-1)!.containerStatuses![0]!;
  assert.equal(s.restartCount, 1);
  assert.ok(s.state?.running);
  assert.equal(s.lastState?.terminated?.reason, 'Completed');
  assert.deepEqual(order, ['liveness', 'liveness', 'liveness', 'preStop', 'stop 30']);
  await h.clock.advance(0);
  assert.ok(h.events.includes('Killing: Container app failed liveness probe, will be restarted'), h.events.join('\n'));
  assert.ok(h.events.some((e) => e.startsWith('Unhealthy: Liveness probe failed: ')));
});

test('deletion: preStop (sleep) runs first, the runtime gets what is left of the grace, the final status is written before the delete', async () => {
  const h = harness();
  const p = pod('web');
  p.spec!.containers = [{ name: 'app', image: 'busybox', lifecycle: { preStop: { sleep: { seconds: 5 } } } }];
  const graces: number[] = [];
  const stop = h.runtime.stopContainer.bind(h.runtime);
  h.runtime.stopContainer = async (id, grace) => { graces.push(grace ?? -1); return stop(id, grace); };
  await h.sync(p);
  const deleting = { ...h.withStatus(p), metadata: { ...h.withStatus(p).metadata, deletionTimestamp: '2024-01-01T00:00:30Z', deletionGracePeriodSeconds: 8 } };
  const done = h.sync(deleting);
  await h.clock.advance(4_999);
  assert.deepEqual(graces, [], 'still in preStop');
  await h.clock.advance(1);
  await done;
  assert.deepEqual(graces, [3]);
  const s = h.patched.at(-1)!;
  assert.equal(s.phase, 'Succeeded');
  assert.equal(s.containerStatuses?.[0]?.state?.terminated?.reason, 'Completed');
  const writes = h.fake.requests.filter((r) => r.method !== 'POST').map((r) => r.method);
  assert.deepEqual(writes.slice(-2), ['PATCH', 'DELETE']);
});

test('a missing secret key leaves the container waiting with CreateContainerConfigError', async () => {
  const h = harness({ ...EMPTY_CONFIG_SOURCE, secret: async () => ({ metadata: { name: 'creds' }, data: { user: 'YQ==' } }) });
  const p = pod('cfg');
  p.spec!.containers = [{ name: 'app', image: 'busybox', env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } }] }];
  const result = await h.sync(p);
  const s = h.patched.at(-1)!;
  assert.equal(s.phase, 'Pending');
  assert.deepEqual(s.containerStatuses?.[0]?.state, { waiting: { reason: 'CreateContainerConfigError', message: "couldn't find key password in Secret default/creds" } });
  assert.deepEqual(result, { requeueAfter: 5_000 });
  assert.deepEqual(await h.runtime.listContainers(), []);
  await h.clock.advance(0);
  assert.ok(h.events.includes("Failed: Error: couldn't find key password in Secret default/creds"));
});

test('a failing postStart hook kills the container, which then restarts', async () => {
  const h = harness();
  const p = pod('hook', 'Always', { 'kites.dev/fake-probe-fail': 'postStart' });
  p.spec!.containers = [{ name: 'app', image: 'busybox', lifecycle: { postStart: { httpGet: { port: 80, path: '/started' } } } }];
  await h.sync(p);
  await h.clock.advance(0);
  assert.ok(h.events.some((e) => e.startsWith('FailedPostStartHook: HTTP lifecycle hook (/started) for Container "app" in Pod "hook_default(uid-hook)" failed - error: ')), h.events.join('\n'));
  await h.sync(h.withStatus(p));
  assert.equal(h.patched.at(-1)?.containerStatuses?.[0]?.restartCount, 1);
});
