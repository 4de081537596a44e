import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { CronJob, Job } from 'kubernetes-types/batch/v1.d.ts';
import type { Event } from 'kubernetes-types/core/v1.d.ts';
import { FakeClock, flush } from '../../client/index.ts';
import { FakeApi } from '../job/testing.ts';
import { CronJobController } from './controller.ts';
import { SCHEDULED_TIMESTAMP_ANNOTATION } from './history.ts';

const START = Date.UTC(2024, 0, 1, 0, 0, 30);
const MINUTE = 60_000;

function cronJob(name: string, spec: Partial<NonNullable<CronJob['spec']>> = {}): CronJob {
  return {
    apiVersion: 'batch/v1', kind: 'CronJob',
    metadata: { namespace: 'ns', name, uid: `${name}-uid`, creationTimestamp: '2024-01-01T00:00:00Z' },
    spec: {
      schedule: '* * * * *', timeZone: 'UTC', concurrencyPolicy: 'Allow', successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1,
      jobTemplate: { metadata: { labels: { app: name } }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } },
      ...spec,
    },
  };
}

describe('CronJobController', () => {
  const api = new FakeApi(new FakeClock(START));
  const abort = new AbortController();
  let controller: CronJobController;
  const jobsOf = (cj: string) => api.list<Job>('jobs', 'ns').filter((j) => j.metadata?.ownerReferences?.[0]?.name === cj && !j.metadata?.deletionTimestamp).map((j) => j.metadata!.name!).sort();
  const status = (cj: string) => api.get<CronJob>('cronjobs', 'ns', cj)!.status ?? {};
  const sync = async (name: string) => {
    const r = await controller.reconcile(`ns/${name}`);
    await flush();
    return r;
  };
  const finish = (job: string, type: 'Complete' | 'Failed', minute: number) =>
    api.edit('jobs', 'ns', job, (j) => (j.status = { startTime: new Date(minute * MINUTE).toISOString(), ...(type === 'Complete' ? { completionTime: new Date(minute * MINUTE + 1000).toISOString().replace('.000Z', 'Z') } : {}), conditions: [{ type, status: 'True' }] }));
  const minuteNow = () => Math.floor(api.clock.now() / MINUTE);

  before(async () => {
    const ctx = api.context();
    controller = new CronJobController(ctx);
    ctx.informers.start(abort.signal);
    await ctx.informers.waitForSync();
  });
  after(() => abort.abort());

  it('creates the Job for each minute, named and annotated by its scheduled time, and wakes for the next', async () => {
    api.put('cronjobs', cronJob('every'));
    await flush();
    assert.deepEqual(await sync('every'), { requeueAfter: 30_000 + 100 }, 'nothing due until 00:01');
    await api.clock.advance(30_000);
    assert.deepEqual(await sync('every'), { requeueAfter: MINUTE + 100 });
    const first = `every-${minuteNow()}`;
    assert.deepEqual(jobsOf('every'), [first]);
    const job = api.get<Job>('jobs', 'ns', first)!;
    assert.equal(job.metadata?.annotations?.[SCHEDULED_TIMESTAMP_ANNOTATION], '2024-01-01T00:01:00Z');
    assert.deepEqual(job.metadata?.labels, { app: 'every' });
    assert.deepEqual(job.metadata?.ownerReferences, [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'every', uid: 'every-uid', controller: true, blockOwnerDeletion: true }]);
    assert.equal(status('every').lastScheduleTime, '2024-01-01T00:01:00Z');
    assert.deepEqual(status('every').active?.map((r) => r.name), [first]);
    await sync('every');
    assert.equal(jobsOf('every').length, 1, 'the same minute is not started twice');
    await api.clock.advance(MINUTE);
    await sync('every');
    assert.equal(jobsOf('every').length, 2, 'Allow runs Jobs side by side');
  });

  it('Forbid skips a run while the previous Job is active; Replace deletes it', async () => {
    api.put('cronjobs', cronJob('forbid', { concurrencyPolicy: 'Forbid' }));
    api.put('cronjobs', cronJob('replace', { concurrencyPolicy: 'Replace' }));
    await flush();
    for (const name of ['forbid', 'replace']) await sync(name);
    const [forbidFirst] = jobsOf('forbid');
    const [replaceFirst] = jobsOf('replace');
    await api.clock.advance(MINUTE);
    for (const name of ['forbid', 'replace']) await sync(name);
    assert.deepEqual(jobsOf('forbid'), [forbidFirst]);
    assert.ok(api.list<Event>('events', 'ns').some((e) => e.reason === 'JobAlreadyActive' && e.involvedObject.name === 'forbid'));
    assert.deepEqual(jobsOf('replace'), [`replace-${minuteNow()}`]);
    assert.ok(api.get<Job>('jobs', 'ns', replaceFirst!)?.metadata?.deletionTimestamp ?? !api.get('jobs', 'ns', replaceFirst!), 'replaced Job deleted');
    assert.deepEqual(status('replace').active?.map((r) => r.name), [`replace-${minuteNow()}`]);

    await finish(forbidFirst!, 'Complete', minuteNow() - 1);
    await sync('forbid');
    assert.equal(jobsOf('forbid').length, 2, 'the held-back run starts once the previous one finished');
    assert.equal(status('forbid').lastSuccessfulTime, new Date((minuteNow() - 1) * MINUTE + 1000).toISOString().replace('.000Z', 'Z'));
  });

  it('keeps only the history limits of finished Jobs, oldest deleted first', async () => {
    api.put('cronjobs', cronJob('hist', { successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 0 }));
    await flush();
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      await sync('hist');
      made.push(`hist-${minuteNow()}`);
      await api.clock.advance(MINUTE);
    }
    await finish(made[0]!, 'Complete', 1);
    await finish(made[1]!, 'Complete', 2);
    await finish(made[2]!, 'Failed', 3);
    await sync('hist');
    assert.deepEqual(jobsOf('hist'), [made[1], `hist-${minuteNow()}`].sort());
    assert.deepEqual(status('hist').active?.map((r) => r.name), [`hist-${minuteNow()}`]);
  });

  it('startingDeadlineSeconds: a start too late is skipped; suspend starts nothing', async () => {
    api.put('cronjobs', cronJob('late', { schedule: '0 * * * *', startingDeadlineSeconds: 10 }));
    api.put('cronjobs', cronJob('paused', { suspend: true }));
    await flush();
    await api.clock.advance(60 * MINUTE - (api.clock.now() % (60 * MINUTE)) + 30_000); // 30 s after the hour
    await sync('late');
    await sync('paused');
    assert.deepEqual(jobsOf('late'), []);
    assert.deepEqual(jobsOf('paused'), []);
  });

  it('more than 100 missed start times: warns and starts only the most recent', async () => {
    api.put('cronjobs', cronJob('behind', { schedule: '* * * * *' })); // created at 00:00
    await api.clock.advance(2 * 60 * MINUTE);
    await sync('behind');
    assert.deepEqual(jobsOf('behind'), [`behind-${minuteNow()}`]);
    assert.ok(api.list<Event>('events', 'ns').some((e) => e.reason === 'TooManyMissedTimes' && e.involvedObject.name === 'behind'));
  });

  it('an unparseable schedule or unknown time zone is reported, not retried', async () => {
    api.put('cronjobs', cronJob('bad', { schedule: 'every day' }));
    api.put('cronjobs', cronJob('tz', { timeZone: 'Mars/Olympus' }));
    await flush();
    assert.equal(await sync('bad'), undefined);
    assert.equal(await sync('tz'), undefined);
    const reasons = api.list<Event>('events', 'ns').map((e) => `${e.involvedObject.name}:${e.reason}`);
    assert.ok(reasons.includes('bad:UnparseableSchedule') && reasons.includes('tz:UnknownTimeZone'), reasons.join());
  });
});
