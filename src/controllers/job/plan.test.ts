import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Job, JobSpec, JobStatus } from 'kubernetes-types/batch/v1.d.ts';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { emptyBackoff } from './backoff.ts';
import { COMPLETION_INDEX, JOB_TRACKING_FINALIZER } from './labels.ts';
import { flushUncounted, planJobSync, type JobSyncInput } from './plan.ts';

const NOW = Date.UTC(2024, 0, 1, 12);
const job = (spec: Partial<JobSpec> = {}, status: JobStatus = {}): Job => ({
  metadata: { namespace: 'ns', name: 'pi', uid: 'job-uid' },
  spec: { completions: 3, parallelism: 2, backoffLimit: 6, completionMode: 'NonIndexed', template: { spec: { restartPolicy: 'Never', containers: [] } }, ...spec },
  status,
});
const pod = (uid: string, phase: string, opts: { index?: number; ready?: boolean; deleting?: boolean; tracked?: boolean } = {}): Pod => ({
  metadata: {
    namespace: 'ns', name: `pi-${uid}`, uid,
    finalizers: opts.tracked === false ? [] : [JOB_TRACKING_FINALIZER],
    ...(opts.index !== undefined ? { annotations: { [COMPLETION_INDEX]: String(opts.index) } } : {}),
    ...(opts.deleting ? { deletionTimestamp: '2024-01-01T11:59:00Z' } : {}),
  },
  status: { phase, ...(opts.ready ? { conditions: [{ type: 'Ready', status: 'True' }] } : {}) },
});
const plan = (j: Job, pods: Pod[], extra: Partial<JobSyncInput> = {}) =>
  planJobSync({ job: j, pods, now: NOW, backoff: emptyBackoff, removing: new Set(), canManagePods: true, ...extra });

describe('planJobSync', () => {
  it('a new Job starts parallelism pods and its clock', () => {
    const p = plan(job(), []);
    assert.equal(p.create.length, 2);
    assert.equal(p.status.startTime, '2024-01-01T12:00:00Z');
    assert.deepEqual([p.status.active, p.status.ready, p.status.succeeded, p.status.failed], [2, 0, 0, 0]);
  });

  const counting: [string, Job, Pod[], Partial<JobStatus>, number][] = [
    ['never more than completions − succeeded', job({}, { succeeded: 2 }), [], { active: 1 }, 1],
    ['active and ready counted', job(), [pod('a', 'Running', { ready: true }), pod('b', 'Pending')], { active: 2, ready: 1 }, 0],
    ['finished pods become uncounted', job(), [pod('a', 'Succeeded'), pod('b', 'Failed')], { uncountedTerminatedPods: { succeeded: ['a'], failed: ['b'] }, active: 2 }, 2],
    ['already uncounted pods are not recorded twice', job({}, { uncountedTerminatedPods: { succeeded: ['a'] } }), [pod('a', 'Succeeded')], { uncountedTerminatedPods: { succeeded: ['a'] } }, 2],
    ['untracked finished pods are ignored', job(), [pod('a', 'Succeeded', { tracked: false })], { uncountedTerminatedPods: {} }, 2],
    ['a deleted unfinished pod failed', job(), [pod('a', 'Running', { deleting: true })], { uncountedTerminatedPods: { failed: ['a'] }, terminating: 1 }, 2],
    ['work queue: no new pods after a success', job({ completions: null as unknown as undefined }), [pod('a', 'Succeeded'), pod('b', 'Running')], { active: 1 }, 0],
  ];
  for (const [name, j, pods, want, creates] of counting) {
    it(name, () => {
      const p = plan(j, pods);
      for (const [k, v] of Object.entries(want)) assert.deepEqual(p.status[k as keyof JobStatus], v, k);
      assert.equal(p.create.length, creates, 'creates');
    });
  }

  it('deletes extra active pods, unscheduled and not-ready first', () => {
    const running = { ...pod('r', 'Running', { ready: true }), spec: { nodeName: 'n1', containers: [] } };
    const p = plan(job({ parallelism: 1 }), [running, pod('q', 'Pending')]);
    assert.deepEqual(p.delete.map((x) => x.metadata?.uid), ['q']);
  });

  it('succeeds once completions are reached and nothing runs: SuccessCriteriaMet first, Complete after counting', () => {
    const p = plan(job({}, { succeeded: 2 }), [pod('c', 'Succeeded')]);
    assert.deepEqual(p.finish, { type: 'Complete', reason: 'CompletionsReached', message: 'Reached expected number of succeeded pods' });
    assert.deepEqual(p.status.conditions?.map((c) => [c.type, c.status, c.reason]), [['SuccessCriteriaMet', 'True', 'CompletionsReached']]);
    const flushed = flushUncounted(p.status, () => true, p.finish, 0, NOW);
    assert.equal(flushed.status.succeeded, 3);
    assert.deepEqual(flushed.status.uncountedTerminatedPods, {});
    assert.deepEqual(flushed.status.conditions?.map((c) => c.type), ['SuccessCriteriaMet', 'Complete']);
    assert.equal(flushed.status.completionTime, '2024-01-01T12:00:00Z');
  });

  it('the final condition waits for uncounted pods and terminating pods', () => {
    const p = plan(job({}, { succeeded: 2 }), [pod('c', 'Succeeded')]);
    assert.equal(flushUncounted(p.status, () => false, p.finish, 0, NOW).finished, undefined);
    assert.equal(flushUncounted(p.status, () => true, p.finish, 1, NOW).finished, undefined);
  });

  const failures: [string, Job, Pod[], string | undefined][] = [
    ['backoffLimit exceeded', job({ backoffLimit: 1 }, { failed: 1 }), [pod('f', 'Failed'), pod('a', 'Running')], 'BackoffLimitExceeded'],
    ['at backoffLimit still retries', job({ backoffLimit: 2 }, { failed: 1 }), [pod('f', 'Failed')], undefined],
    ['active deadline passed', job({ activeDeadlineSeconds: 60 }, { startTime: '2024-01-01T11:59:00Z' }), [pod('a', 'Running')], 'DeadlineExceeded'],
    ['restarts of OnFailure pods count', job({ backoffLimit: 2, template: { spec: { restartPolicy: 'OnFailure', containers: [] } } }), [{ ...pod('a', 'Running'), status: { phase: 'Running', containerStatuses: [{ name: 'c', image: '', imageID: '', ready: false, restartCount: 2 }] } }], 'BackoffLimitExceeded'],
    ['podFailurePolicy FailJob', job({ podFailurePolicy: { rules: [{ action: 'FailJob', onExitCodes: { operator: 'In', values: [3] } }] } }), [{ ...pod('f', 'Failed'), status: { phase: 'Failed', containerStatuses: [{ name: 'c', image: '', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 3 } } }] } }], 'PodFailurePolicy'],
  ];
  for (const [name, j, pods, reason] of failures) {
    it(name, () => {
      const p = plan(j, pods);
      assert.equal(p.finish?.reason, reason);
      if (reason) {
        assert.equal(p.finish?.type, 'Failed');
        assert.deepEqual(p.status.conditions?.map((c) => [c.type, c.reason]), [['FailureTarget', reason]]);
        assert.deepEqual(p.delete.map((x) => x.metadata?.uid), pods.filter((x) => x.status?.phase === 'Running').map((x) => x.metadata?.uid));
        assert.equal(p.create.length, 0);
      }
    });
  }

  it('ignored failures are neither counted nor kept', () => {
    const j = job({ podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] } });
    const p = plan(j, [{ ...pod('f', 'Failed'), status: { phase: 'Failed', conditions: [{ type: 'DisruptionTarget', status: 'True' }] } }]);
    assert.deepEqual(p.status.uncountedTerminatedPods, {});
    assert.deepEqual(p.removeFinalizer.map((x) => x.metadata?.uid), ['f']);
  });

  it('waits out the failure back-off before replacing pods', () => {
    const p = plan(job(), [pod('f', 'Failed')]);
    assert.equal(p.create.length, 0);
    assert.equal(p.requeueAfter, 10_000);
    assert.equal(plan(job(), [], { backoff: p.backoff, now: NOW + 10_000 }).create.length, 2);
  });

  it('suspend deletes active pods and sets Suspended; resume restarts the clock', () => {
    const s = plan(job({ suspend: true }, { startTime: '2024-01-01T10:00:00Z' }), [pod('a', 'Running')]);
    assert.deepEqual(s.delete.map((x) => x.metadata?.uid), ['a']);
    assert.deepEqual(s.status.conditions?.map((c) => [c.type, c.status, c.reason]), [['Suspended', 'True', 'JobSuspended']]);
    assert.deepEqual(s.events.map((e) => e.reason), ['Suspended']);
    const r = plan(job({}, s.status), []);
    assert.deepEqual(r.status.conditions?.map((c) => [c.type, c.status, c.reason]), [['Suspended', 'False', 'JobResumed']]);
    assert.equal(r.status.startTime, '2024-01-01T12:00:00Z');
    assert.equal(r.create.length, 2);
  });

  it('Indexed: creates the lowest missing indexes and records completed ones', () => {
    const j = job({ completionMode: 'Indexed', completions: 5, parallelism: 3 }, { completedIndexes: '0' });
    const p = plan(j, [pod('a', 'Succeeded', { index: 2 }), pod('b', 'Running', { index: 1 }), pod('dup', 'Pending', { index: 1 })]);
    assert.equal(p.status.completedIndexes, '0,2');
    assert.deepEqual(p.delete.map((x) => x.metadata?.uid), ['dup']);
    assert.deepEqual(p.create, [3, 4]);
  });

  it('creates and deletes nothing while expectations are pending', () => {
    const p = plan(job(), [], { canManagePods: false });
    assert.deepEqual([p.create.length, p.status.active], [0, 0]);
  });
});
