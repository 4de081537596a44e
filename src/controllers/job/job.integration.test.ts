// The Job and TTL-after-finished controllers inside a real `kites server`. The test plays the node
// agent: it binds each new pod and reports it Succeeded or Failed through pods/status.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Job } from 'kubernetes-types/batch/v1.d.ts';
import type { Namespace, Pod } from 'kubernetes-types/core/v1.d.ts';
import { startKitesServer, type KitesServer } from '../../../test/support/kites-server.ts';
import { ApiClient, SharedInformerFactory, isNotFound } from '../../client/index.ts';
import { createLogger } from '../../log/logger.ts';
import { isActive } from './conditions.ts';

const NS = 'job-it';
let server: KitesServer;
let client: ApiClient;
const stop = new AbortController();
/** Pod name → the phase the fake node agent reports for it, decided by its Job's name. */
const outcome = (pod: Pod) => (pod.metadata?.labels?.['batch.kubernetes.io/job-name']?.startsWith('fail') ? 'Failed' : 'Succeeded');
const maxActive = new Map<string, number>();

before(async () => {
  server = await startKitesServer();
  client = await ApiClient.fromKubeconfig(server.kubeconfig);
  await client.forKind<Namespace>('', 'v1', 'Namespace').create({ metadata: { name: NS } });
  startFakeNodeAgent();
});

after(async () => {
  stop.abort();
  client?.close();
  await server?.stop();
});

/** Binds every new pod, records how many of each Job's pods are active at once, then finishes it. */
function startFakeNodeAgent(): void {
  const informers = new SharedInformerFactory(client, { logger: createLogger({ level: 'error' }) });
  const pods = informers.informerForKind<Pod>('', 'v1', 'Pod', { namespace: NS });
  const api = client.forKind<Pod>('', 'v1', 'Pod', NS);
  const seen = new Set<string>();
  const observe = (pod: Pod) => {
    const job = pod.metadata?.labels?.['batch.kubernetes.io/job-name'] ?? '';
    const active = pods.store.list(undefined, NS).filter((p) => p.metadata?.labels?.['batch.kubernetes.io/job-name'] === job && isActive(p)).length;
    maxActive.set(job, Math.max(maxActive.get(job) ?? 0, active));
    const name = pod.metadata!.name!;
    if (seen.has(name) || !isActive(pod)) return;
    seen.add(name);
    void (async () => {
      await api.bind(name, 'node-1');
      // Let the controller see the pod running for a moment, as a real one would be.
      await new Promise((r) => setTimeout(r, 200));
      await api.patchStatus(name, { status: { phase: outcome(pod), containerStatuses: [{ name: 'c', image: 'busybox', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: outcome(pod) === 'Failed' ? 1 : 0, finishedAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') } } }] } });
    })().catch((err: unknown) => console.error('fake node agent', err));
  };
  pods.addEventHandler({ onAdd: observe, onUpdate: (_o, p) => observe(p) });
  informers.start(stop.signal);
}

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

const jobSpec = (spec: Partial<NonNullable<Job['spec']>>): Job['spec'] => ({
  template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } },
  ...spec,
});

test('a Job with completions=5 parallelism=2 completes, never running more than 2 pods at once', async () => {
  const jobs = client.forKind<Job>('batch', 'v1', 'Job', NS);
  const created = await jobs.create({ metadata: { name: 'pi' }, spec: jobSpec({ completions: 5, parallelism: 2 }) });
  assert.deepEqual(created.spec?.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': created.metadata?.uid } });
  const done = await until('Complete', async () => {
    const job = await jobs.get('pi');
    return job.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True') && job;
  });
  assert.equal(done.status?.succeeded, 5);
  assert.equal(done.status?.active, 0);
  assert.ok(done.status?.startTime && done.status.completionTime);
  assert.deepEqual(done.status?.conditions?.map((c) => [c.type, c.reason]), [['SuccessCriteriaMet', 'CompletionsReached'], ['Complete', 'CompletionsReached']]);
  assert.ok((maxActive.get('pi') ?? 0) <= 2, `at most 2 active pods, saw ${maxActive.get('pi')}`);
  assert.equal(maxActive.get('pi'), 2);
  const pods = (await client.forKind<Pod>('', 'v1', 'Pod', NS).list({ labelSelector: 'batch.kubernetes.io/job-name=pi' })).items;
  assert.equal(pods.length, 5);
  for (const p of pods) {
    assert.deepEqual(p.metadata?.finalizers ?? [], [], 'tracking finalizer removed once counted');
    assert.equal(p.metadata?.labels?.['controller-uid'], created.metadata?.uid);
    assert.match(p.metadata!.name!, /^pi-[a-z0-9]{5}$/);
  }
});

test('a failing Job stops at backoffLimit with Failed/BackoffLimitExceeded', async () => {
  const jobs = client.forKind<Job>('batch', 'v1', 'Job', NS);
  await jobs.create({ metadata: { name: 'fail' }, spec: jobSpec({ completions: 1, backoffLimit: 1 }) });
  const failed = await until('Failed', async () => {
    const job = await jobs.get('fail');
    return job.status?.conditions?.some((c) => c.type === 'Failed' && c.status === 'True') && job;
  });
  assert.deepEqual(failed.status?.conditions?.map((c) => [c.type, c.reason, c.message]), [
    ['FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
    ['Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
  ]);
  assert.equal(failed.status?.failed, 2);
  assert.equal(failed.status?.succeeded, 0);
  const pods = (await client.forKind<Pod>('', 'v1', 'Pod', NS).list({ labelSelector: 'batch.kubernetes.io/job-name=fail' })).items;
  assert.equal(pods.length, 2, 'one try plus one retry after the back-off, no more');
});

test('ttlSecondsAfterFinished: 0 deletes the Job once it completes', async () => {
  const jobs = client.forKind<Job>('batch', 'v1', 'Job', NS);
  await jobs.create({ metadata: { name: 'short' }, spec: jobSpec({ ttlSecondsAfterFinished: 0 }) });
  await until('Job deleted', async () => {
    try {
      await jobs.get('short');
      return false;
    } catch (err) {
      return isNotFound(err);
    }
  });
});
