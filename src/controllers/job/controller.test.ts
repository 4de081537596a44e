import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Job } from 'kubernetes-types/batch/v1.d.ts';
import type { Event, Pod } from 'kubernetes-types/core/v1.d.ts';
import { flush } from '../../client/index.ts';
import { JobController } from './controller.ts';
import { COMPLETION_INDEX, JOB_TRACKING_FINALIZER } from './labels.ts';
import { FakeApi } from './testing.ts';

function newJob(name: string, spec: Partial<NonNullable<Job['spec']>> = {}): Job {
  const uid = `${name}-uid`;
  const labels = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': name };
  return {
    apiVersion: 'batch/v1', kind: 'Job',
    metadata: { namespace: 'ns', name, uid },
    spec: { completions: 3, parallelism: 2, backoffLimit: 6, completionMode: 'NonIndexed', selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } }, template: { metadata: { labels }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } }, ...spec },
  };
}

describe('JobController', () => {
  const api = new FakeApi();
  const abort = new AbortController();
  let controller: JobController;
  const podsOf = (job: string) => api.list<Pod>('pods', 'ns').filter((p) => p.metadata?.ownerReferences?.[0]?.name === job);
  const jobNamed = (name: string) => api.get<Job>('jobs', 'ns', name)!;
  const setPhase = (pod: Pod, phase: string) => api.edit('pods', 'ns', pod.metadata!.name!, (p) => (p.status = { phase }));
  const sync = async (name: string) => {
    const r = await controller.reconcile(`ns/${name}`);
    await flush();
    return r;
  };

  before(async () => {
    const ctx = api.context();
    controller = new JobController(ctx);
    ctx.informers.start(abort.signal);
    await ctx.informers.waitForSync();
  });
  after(() => abort.abort());

  it('runs completions pods, at most parallelism at once, each tracked by the finalizer, then completes', async () => {
    api.put('jobs', newJob('pi'));
    await flush();
    await sync('pi');
    let pods = podsOf('pi');
    assert.equal(pods.length, 2);
    const p = pods[0]!;
    assert.match(p.metadata!.name!, /^pi-/);
    assert.equal(p.metadata?.generateName, 'pi-');
    assert.deepEqual(p.metadata?.finalizers, [JOB_TRACKING_FINALIZER]);
    assert.equal(p.metadata?.labels?.['batch.kubernetes.io/job-name'], 'pi');
    assert.deepEqual(p.metadata?.ownerReferences, [{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: 'pi-uid', controller: true, blockOwnerDeletion: true }]);
    assert.equal(jobNamed('pi').status?.active, 2);

    await sync('pi');
    assert.equal(podsOf('pi').length, 2, 'a second sync does not create again');

    for (const pod of pods) await setPhase(pod, 'Succeeded');
    await sync('pi');
    pods = podsOf('pi');
    assert.equal(pods.length, 3);
    assert.ok(pods.filter((x) => x.status?.phase === 'Succeeded').every((x) => x.metadata?.finalizers?.length === 0), 'finalizers removed after counting');
    assert.deepEqual([jobNamed('pi').status?.succeeded, jobNamed('pi').status?.active, jobNamed('pi').status?.uncountedTerminatedPods], [2, 1, {}]);

    await setPhase(pods.find((x) => !x.status?.phase)!, 'Succeeded');
    await sync('pi');
    const status = jobNamed('pi').status!;
    assert.deepEqual(status.conditions?.map((c) => [c.type, c.status, c.reason]), [['SuccessCriteriaMet', 'True', 'CompletionsReached'], ['Complete', 'True', 'CompletionsReached']]);
    assert.equal(status.succeeded, 3);
    assert.ok(status.completionTime);
    await sync('pi');
    assert.equal(podsOf('pi').length, 3, 'a finished Job creates nothing');
    const reasons = api.list<Event>('events', 'ns').filter((e) => e.involvedObject.name === 'pi').map((e) => e.reason);
    assert.ok(reasons.includes('SuccessfulCreate') && reasons.includes('Completed'), reasons.join());
  });

  it('backs off 10 s after a failure, then fails at backoffLimit with BackoffLimitExceeded', async () => {
    api.put('jobs', newJob('bad', { completions: 1, parallelism: 1, backoffLimit: 1 }));
    await flush();
    await sync('bad');
    await setPhase(podsOf('bad')[0]!, 'Failed');
    const wait = await sync('bad');
    assert.deepEqual(wait, { requeueAfter: 10_000 });
    assert.equal(podsOf('bad').length, 1, 'no replacement during back-off');
    assert.equal(jobNamed('bad').status?.failed, 1);
    await api.clock.advance(10_000);
    await sync('bad');
    const replacement = podsOf('bad').find((p) => !p.status?.phase)!;
    assert.ok(replacement);
    await setPhase(replacement, 'Failed');
    await sync('bad');
    const status = jobNamed('bad').status!;
    assert.equal(status.failed, 2);
    assert.deepEqual(status.conditions?.map((c) => [c.type, c.reason, c.message]), [
      ['FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
      ['Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
    ]);
  });

  it('Indexed Jobs name, annotate and host pods by index', async () => {
    api.put('jobs', newJob('ix', { completionMode: 'Indexed', completions: 2, parallelism: 2 }));
    await flush();
    await sync('ix');
    const pods = podsOf('ix').sort((a, b) => a.metadata!.name!.localeCompare(b.metadata!.name!));
    assert.deepEqual(pods.map((p) => [p.metadata?.generateName, p.metadata?.annotations?.[COMPLETION_INDEX], p.metadata?.labels?.[COMPLETION_INDEX], p.spec?.hostname]), [
      ['ix-0-', '0', '0', 'ix-0'],
      ['ix-1-', '1', '1', 'ix-1'],
    ]);
    assert.deepEqual(pods[0]!.spec?.containers[0]?.env, [{ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX}']` } } }]);
    await setPhase(pods[1]!, 'Succeeded');
    await sync('ix');
    assert.equal(jobNamed('ix').status?.completedIndexes, '1');
  });

  it('activeDeadlineSeconds: asks to look again at the deadline, then fails the Job and deletes its pods', async () => {
    api.put('jobs', newJob('slow', { completions: 1, parallelism: 1, activeDeadlineSeconds: 30 }));
    await flush();
    assert.deepEqual(await sync('slow'), { requeueAfter: 30_000 });
    await api.clock.advance(30_000);
    await sync('slow');
    assert.ok(podsOf('slow')[0]!.metadata?.deletionTimestamp, 'active pod deleted');
    assert.deepEqual(jobNamed('slow').status?.conditions?.map((c) => c.type), ['FailureTarget']);
    await sync('slow');
    assert.equal(podsOf('slow').length, 0, 'the deleted pod was counted and released');
    assert.equal(jobNamed('slow').status?.failed, 1);
    await sync('slow'); // woken by the pod's deletion: nothing is left running or terminating
    assert.deepEqual(jobNamed('slow').status?.conditions?.map((c) => [c.type, c.reason]), [['FailureTarget', 'DeadlineExceeded'], ['Failed', 'DeadlineExceeded']]);
  });

  it('suspend deletes active pods and sets Suspended', async () => {
    api.put('jobs', newJob('sus', { completions: 1, parallelism: 1 }));
    await flush();
    await sync('sus');
    await api.edit('jobs', 'ns', 'sus', (j) => (j.spec.suspend = true));
    await sync('sus');
    await sync('sus');
    assert.equal(podsOf('sus').length, 0);
    assert.deepEqual(jobNamed('sus').status?.conditions?.map((c) => [c.type, c.status]), [['Suspended', 'True']]);
  });
});
