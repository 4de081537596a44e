import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { ContainerStatus, PodSandboxStatus } from '../runtime/types.ts';
import { computePodStatus, statusUpToDate, type ContainerView, type PodView } from './status.ts';

const T0 = Date.UTC(2024, 0, 1);
const at = (s: number) => T0 + s * 1000;
const iso = (s: number) => new Date(at(s)).toISOString().replace('.000', '');
const ctx = { hostIP: '10.41.1.1', runtimeName: 'fake', now: at(10) };

function pod(restartPolicy = 'Always', extra: Partial<Pod['spec']> = {}, status: Pod['status'] = { phase: 'Pending' }): Pod {
  return { metadata: { name: 'p', namespace: 'default', uid: 'u1' }, spec: { restartPolicy, containers: [{ name: 'app', image: 'img' }], ...extra }, status };
}

const sandbox: PodSandboxStatus = {
  id: 's1', metadata: { name: 'p', namespace: 'default', uid: 'u1', attempt: 0 }, state: 'SANDBOX_READY', createdAt: at(1),
  network: { ip: '10.42.0.2', additionalIps: [] }, labels: {}, annotations: {},
};

function ctr(name: string, state: ContainerStatus['state'], over: Partial<ContainerStatus> = {}): ContainerStatus {
  return {
    id: `${name}-id`, metadata: { name, attempt: 0 }, state, createdAt: at(1), startedAt: state === 'CONTAINER_CREATED' ? 0 : at(2),
    finishedAt: state === 'CONTAINER_EXITED' ? at(3) : 0, exitCode: 0, image: { image: 'img' }, imageRef: 'sha256:abc',
    reason: state === 'CONTAINER_EXITED' ? 'Completed' : '', message: '', labels: {}, annotations: {}, ...over,
  };
}

const view = (containers: ContainerView[], init: ContainerView[] = [], sb: PodSandboxStatus | undefined = sandbox): PodView => ({ ...(sb ? { sandbox: sb } : {}), init, containers });
const cond = (status: ReturnType<typeof computePodStatus>) => Object.fromEntries((status.conditions ?? []).map((c) => [c.type, [c.status, c.reason ?? '']]));

test('phase, conditions and container state follow upstream', () => {
  const cases: { name: string; pod: Pod; view: PodView; phase: string; ready: [string, string]; initialized: [string, string]; state: string; reason?: string }[] = [
    { name: 'running', pod: pod(), view: view([{ name: 'app', image: 'img', current: ctr('app', 'CONTAINER_RUNNING') }]), phase: 'Running', ready: ['True', ''], initialized: ['True', ''], state: 'running' },
    { name: 'not created yet', pod: pod(), view: view([{ name: 'app', image: 'img' }]), phase: 'Pending', ready: ['False', 'ContainersNotReady'], initialized: ['True', ''], state: 'waiting', reason: 'ContainerCreating' },
    { name: 'succeeded', pod: pod('Never'), view: view([{ name: 'app', image: 'img', current: ctr('app', 'CONTAINER_EXITED') }]), phase: 'Succeeded', ready: ['False', 'PodCompleted'], initialized: ['True', 'PodCompleted'], state: 'terminated', reason: 'Completed' },
    {
      name: 'failed', pod: pod('Never'), view: view([{ name: 'app', image: 'img', current: ctr('app', 'CONTAINER_EXITED', { exitCode: 1, reason: 'Error' }) }]),
      phase: 'Failed', ready: ['False', 'PodFailed'], initialized: ['True', ''], state: 'terminated', reason: 'Error',
    },
    {
      name: 'OnFailure failure restarts', pod: pod('OnFailure'),
      view: view([{ name: 'app', image: 'img', current: ctr('app', 'CONTAINER_EXITED', { exitCode: 2, reason: 'Error' }), waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s' } }]),
      phase: 'Running', ready: ['False', 'ContainersNotReady'], initialized: ['True', ''], state: 'waiting', reason: 'CrashLoopBackOff',
    },
    { name: 'Always exited stays Running', pod: pod('Always'), view: view([{ name: 'app', image: 'img', current: ctr('app', 'CONTAINER_EXITED') }]), phase: 'Running', ready: ['False', 'ContainersNotReady'], initialized: ['True', ''], state: 'terminated', reason: 'Completed' },
    {
      name: 'init running', pod: pod('Always', { initContainers: [{ name: 'init', image: 'img' }] }),
      view: view([{ name: 'app', image: 'img' }], [{ name: 'init', image: 'img', current: ctr('init', 'CONTAINER_RUNNING') }]),
      phase: 'Pending', ready: ['False', 'ContainersNotReady'], initialized: ['False', 'ContainersNotInitialized'], state: 'waiting', reason: 'ContainerCreating',
    },
    {
      name: 'init failed, Never', pod: pod('Never', { initContainers: [{ name: 'init', image: 'img' }] }),
      view: view([{ name: 'app', image: 'img' }], [{ name: 'init', image: 'img', current: ctr('init', 'CONTAINER_EXITED', { exitCode: 1, reason: 'Error' }) }]),
      phase: 'Failed', ready: ['False', 'PodFailed'], initialized: ['False', 'ContainersNotInitialized'], state: 'waiting', reason: 'ContainerCreating',
    },
  ];
  for (const c of cases) {
    const status = computePodStatus(c.pod, c.view, ctx);
    assert.equal(status.phase, c.phase, c.name);
    assert.deepEqual(cond(status).Ready, c.ready, c.name);
    assert.deepEqual(cond(status).ContainersReady, c.ready, c.name);
    assert.deepEqual(cond(status).Initialized, c.initialized, c.name);
    assert.deepEqual(cond(status).PodScheduled, ['True', ''], c.name);
    const state = status.containerStatuses![0]!.state!;
    assert.deepEqual(Object.keys(state), [c.state], c.name);
    if (c.reason) assert.equal((state.waiting ?? state.terminated)!.reason, c.reason, c.name);
  }
});

test('a running container status has upstream fields', () => {
  const status = computePodStatus(pod(), view([{ name: 'app', image: 'img', current: ctr('app', 'CONTAINER_RUNNING') }]), ctx);
  assert.deepEqual(status.containerStatuses, [{
    name: 'app', image: 'img', imageID: 'sha256:abc', containerID: 'fake://app-id', ready: true, started: true, restartCount: 0,
    state: { running: { startedAt: iso(2) } }, lastState: {},
  }]);
  assert.equal(status.podIP, '10.42.0.2');
  assert.deepEqual(status.podIPs, [{ ip: '10.42.0.2' }]);
  assert.equal(status.hostIP, '10.41.1.1');
  assert.equal(status.startTime, iso(10));
  assert.deepEqual(status.conditions!.map((c) => c.type), ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
});

test('restart count and lastState come from the previous instance', () => {
  const previous = ctr('app', 'CONTAINER_EXITED', { id: 'old', exitCode: 2, reason: 'Error' });
  const current = ctr('app', 'CONTAINER_RUNNING', { id: 'new', metadata: { name: 'app', attempt: 1 } });
  const [s] = computePodStatus(pod('OnFailure'), view([{ name: 'app', image: 'img', current, previous }]), ctx).containerStatuses!;
  assert.equal(s!.restartCount, 1);
  assert.equal(s!.lastState?.terminated?.exitCode, 2);
  assert.equal(s!.lastState?.terminated?.containerID, 'fake://old');
});

test('transition times stay while a condition keeps its status; foreign conditions are kept', () => {
  const v = view([{ name: 'app', image: 'img', current: ctr('app', 'CONTAINER_RUNNING') }]);
  const first = computePodStatus(pod(), v, { ...ctx, now: at(10) });
  const gate = { type: 'example.com/gate', status: 'True' as const };
  const again = computePodStatus(pod('Always', {}, { ...first, conditions: [...first.conditions!, gate] }), v, { ...ctx, now: at(99) });
  assert.deepEqual(again.conditions!.slice(0, 5), first.conditions);
  assert.deepEqual(again.conditions![5], gate);
  assert.equal(again.startTime, first.startTime);
});

test('statusUpToDate ignores key order and is false after a change', () => {
  const v = view([{ name: 'app', image: 'img', current: ctr('app', 'CONTAINER_RUNNING') }]);
  const status = computePodStatus(pod(), v, ctx);
  const reordered = JSON.parse(JSON.stringify({ qosClass: 'BestEffort', ...Object.fromEntries(Object.entries(status).reverse()) }));
  assert.equal(statusUpToDate(pod('Always', {}, reordered), status), true);
  assert.equal(statusUpToDate(pod('Always', {}, { ...reordered, phase: 'Pending' }), status), false);
});

test('the pod IP stays after the sandbox is gone; host-network pods use the host IP', () => {
  const done = view([{ name: 'app', image: 'img', current: ctr('app', 'CONTAINER_EXITED') }], [], { ...sandbox, state: 'SANDBOX_NOTREADY' });
  assert.equal(computePodStatus(pod('Never', {}, { phase: 'Running', podIP: '10.42.0.2' }), done, ctx).podIP, '10.42.0.2');
  const host = computePodStatus(pod('Always', { hostNetwork: true }), view([{ name: 'app', image: 'img', current: ctr('app', 'CONTAINER_RUNNING') }], [], { ...sandbox, network: undefined }), ctx);
  assert.equal(host.podIP, '10.41.1.1');
});
