import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeClock } from '../../../client/index.ts';
import { UnknownRuntimeError, runtimeFactory } from '../registry.ts';
import type { ContainerConfig, ContainerEvent, PodSandboxConfig } from '../types.ts';
import { CidrAllocator } from './cidr.ts';
import { FakeRuntime } from './runtime.ts';

const sandbox = (annotations: Record<string, string> = {}): PodSandboxConfig => ({
  metadata: { name: 'p', namespace: 'default', uid: 'u', attempt: 0 }, labels: { 'io.kubernetes.pod.uid': 'u' }, annotations,
});
const container = (annotations: Record<string, string> = {}): ContainerConfig => ({ metadata: { name: 'c', attempt: 0 }, image: { image: 'busybox' }, labels: {}, annotations });

test('sandboxes get addresses from the pod CIDR once known, and give them back when stopped', async () => {
  const rt = new FakeRuntime({ clock: new FakeClock(), fallbackPodCidr: '10.40.0.0/25' });
  const a = await rt.runPodSandbox(sandbox());
  assert.equal((await rt.podSandboxStatus(a)).network?.ip, '10.40.0.2');
  await rt.updateRuntimeConfig({ podCidr: '10.42.3.0/24' });
  const b = await rt.runPodSandbox(sandbox());
  assert.equal((await rt.podSandboxStatus(b)).network?.ip, '10.42.3.2');
  await rt.stopPodSandbox(b);
  const c = await rt.runPodSandbox(sandbox());
  assert.equal((await rt.podSandboxStatus(c)).network?.ip, '10.42.3.2');
  await rt.removePodSandbox(a);
  await assert.rejects(rt.podSandboxStatus(a), /not found/);
});

test('containers: servers run until stopped; run-to-completion ones exit on the clock with the annotated code', async () => {
  const clock = new FakeClock();
  const rt = new FakeRuntime({ clock, fallbackPodCidr: '10.40.0.0/25' });
  const events: ContainerEvent['type'][] = [];
  rt.onContainerEvent((e) => events.push(e.type));
  const sb = sandbox({ 'kites.dev/fake-run-seconds': '2', 'kites.dev/fake-exit-code': '3' });
  const sid = await rt.runPodSandbox(sb);
  const server = await rt.createContainer(sid, container(), sb);
  const job = await rt.createContainer(sid, container({ 'kites.dev/run-to-completion': 'true' }), sb);
  await rt.startContainer(server);
  await rt.startContainer(job);
  await clock.advance(1999);
  assert.equal((await rt.containerStatus(job)).state, 'CONTAINER_RUNNING');
  await clock.advance(1);
  assert.deepEqual([(await rt.containerStatus(job)).state, (await rt.containerStatus(job)).exitCode, (await rt.containerStatus(job)).reason], ['CONTAINER_EXITED', 3, 'Error']);
  assert.equal((await rt.containerStatus(server)).state, 'CONTAINER_RUNNING');
  await rt.stopContainer(server, 30);
  assert.equal((await rt.containerStatus(server)).state, 'CONTAINER_EXITED');
  assert.deepEqual(events, ['CONTAINER_CREATED_EVENT', 'CONTAINER_CREATED_EVENT', 'CONTAINER_STARTED_EVENT', 'CONTAINER_STARTED_EVENT', 'CONTAINER_STOPPED_EVENT', 'CONTAINER_STOPPED_EVENT']);
});

test('images pull instantly with a stable digest', async () => {
  const rt = new FakeRuntime({ clock: new FakeClock(), fallbackPodCidr: '10.40.0.0/25' });
  assert.equal(await rt.imageStatus({ image: 'nginx' }), undefined);
  const ref = await rt.pullImage({ image: 'nginx' });
  assert.match(ref, /^sha256:[0-9a-f]{64}$/);
  assert.equal((await rt.imageStatus({ image: 'nginx' }))?.id, ref);
  assert.equal((await rt.listImages()).length, 1);
});

test('CIDR allocation skips network, gateway and broadcast', () => {
  const a = new CidrAllocator('10.0.0.0/30');
  assert.equal(a.allocate(), '10.0.0.2');
  assert.throws(() => a.allocate(), /no free address/);
});

test('the registry has fake and runc; any other name is refused with the known ones', () => {
  assert.equal(typeof runtimeFactory('fake'), 'function');
  assert.equal(typeof runtimeFactory('runc'), 'function');
  assert.throws(() => runtimeFactory('cri'), (err: unknown) => err instanceof UnknownRuntimeError && /unknown runtime "cri" \(known: fake, runc\)/.test(err.message));
  assert.throws(() => runtimeFactory('nope'), /unknown runtime "nope"/);
});
