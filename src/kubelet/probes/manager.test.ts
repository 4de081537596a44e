import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, Probe } from 'kubernetes-types/core/v1.d.ts';
import { FakeClock } from '../../client/index.ts';
import { createLogger } from '../../log/logger.ts';
import type { HandlerOutcome, HandlerRequest } from '../runtime/types.ts';
import { ProbeManager } from './manager.ts';

/** A pod with one container "app" and the given probes; a target whose answers the test scripts per probe type. */
function harness(probes: { livenessProbe?: Probe; readinessProbe?: Probe; startupProbe?: Probe }) {
  const clock = new FakeClock();
  const answers: Record<string, HandlerOutcome['result']> = { liveness: 'success', readiness: 'success', startup: 'success' };
  const calls: { at: number; purpose: string; action: HandlerRequest['action'] }[] = [];
  const changes: number[] = [];
  const unhealthy: string[] = [];
  const manager = new ProbeManager({
    clock, logger: createLogger({ level: 'error' }),
    target: { run: async (r) => { calls.push({ at: clock.now() - start, purpose: r.purpose, action: r.action }); return { result: answers[r.purpose]!, output: 'nope' }; } },
    onChange: () => changes.push(clock.now() - start), onUnhealthy: (_p, _c, m) => unhealthy.push(m),
  });
  const start = clock.now();
  const pod: Pod = { metadata: { name: 'p', namespace: 'default', uid: 'u1' }, spec: { containers: [{ name: 'app', image: 'x', ports: [{ name: 'http', containerPort: 8080 }], ...probes }] } };
  const run = (id = 'c1', startedAt = clock.now()) => manager.sync(pod, '10.42.0.5', [{ name: 'app', id, running: true, startedAt }]);
  const status = (id = 'c1') => manager.status(pod, 'app', id);
  return { clock, answers, calls, changes, unhealthy, manager, pod, run, status, secs: (s: number) => clock.advance(s * 1000) };
}

const http = { httpGet: { path: 'healthz', port: 'http' } };

test('readiness: not ready until the first success, then follows failureThreshold and successThreshold', async () => {
  const h = harness({ readinessProbe: { ...http, initialDelaySeconds: 5, periodSeconds: 10, failureThreshold: 3, successThreshold: 2 } });
  h.run();
  assert.deepEqual(h.status(), { started: true, ready: false });
  await h.secs(4);
  assert.equal(h.calls.length, 0, 'nothing before initialDelaySeconds');
  await h.secs(1);
  assert.deepEqual(h.calls.map((c) => c.at), [5000]);
  assert.deepEqual(h.calls[0]!.action, { kind: 'httpGet', url: 'http://10.42.0.5:8080/healthz', headers: { 'User-Agent': 'kube-probe/1.32', Accept: '*/*' } });
  assert.equal(h.status().ready, false, 'one success is below successThreshold 2');
  await h.secs(10);
  assert.equal(h.status().ready, true);
  assert.deepEqual(h.changes, [15_000]);
  h.answers.readiness = 'failure';
  await h.secs(20);
  assert.equal(h.status().ready, true, 'two failures are below failureThreshold 3');
  await h.secs(10);
  assert.equal(h.status().ready, false);
  assert.deepEqual(h.changes, [15_000, 45_000]);
  assert.deepEqual(h.unhealthy, ['Readiness probe failed: nope', 'Readiness probe failed: nope', 'Readiness probe failed: nope']);
});

test('liveness: failureThreshold failures mark the container for a kill and put the probe on hold until it is replaced', async () => {
  const h = harness({ livenessProbe: { tcpSocket: { port: 80 }, periodSeconds: 3, failureThreshold: 2 } });
  h.run();
  await h.secs(0);
  assert.equal(h.manager.failedProbe(h.pod, 'app', 'c1'), undefined);
  h.answers.liveness = 'failure';
  await h.secs(3);
  assert.equal(h.manager.failedProbe(h.pod, 'app', 'c1'), undefined);
  await h.secs(3);
  assert.equal(h.manager.failedProbe(h.pod, 'app', 'c1'), 'liveness');
  const probed = h.calls.length;
  await h.secs(30);
  assert.equal(h.calls.length, probed, 'on hold');
  h.answers.liveness = 'success';
  h.run('c2');
  await h.secs(0);
  assert.equal(h.calls.length, probed + 1, 'a new container is probed again');
  assert.equal(h.manager.failedProbe(h.pod, 'app', 'c2'), undefined);
});

test('startup gates liveness and readiness, and is not run again once passed', async () => {
  const h = harness({ startupProbe: { exec: { command: ['true'] }, periodSeconds: 1, failureThreshold: 30 }, livenessProbe: { exec: { command: ['ok'] }, periodSeconds: 10 }, readinessProbe: { exec: { command: ['ok'] }, periodSeconds: 10 } });
  h.answers.startup = 'failure';
  h.run();
  await h.secs(5);
  assert.deepEqual(new Set(h.calls.map((c) => c.purpose)), new Set(['startup']));
  assert.deepEqual(h.status(), { started: false, ready: false });
  h.answers.startup = 'success';
  await h.secs(1);
  assert.deepEqual(h.status(), { started: true, ready: false });
  await h.secs(10);
  assert.deepEqual(h.status(), { started: true, ready: true });
  const startups = h.calls.filter((c) => c.purpose === 'startup').length;
  await h.secs(60);
  assert.equal(h.calls.filter((c) => c.purpose === 'startup').length, startups);
  assert.ok(h.calls.filter((c) => c.purpose === 'liveness').length >= 6);
});

test('startup failure past its threshold asks for a kill', async () => {
  const h = harness({ startupProbe: { exec: { command: ['x'] }, periodSeconds: 2, failureThreshold: 3 } });
  h.answers.startup = 'failure';
  h.run();
  await h.secs(4);
  assert.equal(h.manager.failedProbe(h.pod, 'app', 'c1'), 'startup');
});

test('a probe naming a port the container lacks is an error: the result is thrown away', async () => {
  const h = harness({ readinessProbe: { httpGet: { port: 'nope' }, periodSeconds: 1, failureThreshold: 1 } });
  h.run();
  await h.secs(3);
  assert.equal(h.calls.length, 0);
  assert.deepEqual(h.unhealthy[0], "Readiness probe errored: couldn't find port: nope in app");
  assert.equal(h.status().ready, false);
});

test('removing the pod stops its timers', async () => {
  const h = harness({ livenessProbe: { exec: { command: ['x'] } } });
  h.run();
  h.manager.removePod('u1');
  assert.equal(h.clock.pending(), 0);
});
