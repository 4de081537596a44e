// The CronJob controller against a real `kites server`, built in-process on a FakeClock so minutes
// pass at once. The server runs its own CronJob controller on the real clock, so the CronJobs here
// fire every minute of a leap day years ahead: the fake clock lives on that day, the real one never
// reaches it, and only the in-process controller starts Jobs (the server's keeps the same status).
// The server's Job controller runs the Jobs; the test plays the node agent for their pods.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CronJob, Job } from 'kubernetes-types/batch/v1.d.ts';
import type { Event, Namespace, Pod } from 'kubernetes-types/core/v1.d.ts';
import { startKitesServer, type KitesServer } from '../../../test/support/kites-server.ts';
import { ApiClient, EventRecorder, FakeClock, isConflict, SharedInformerFactory, type Informer } from '../../client/index.ts';
import { createLogger } from '../../log/logger.ts';
import { defaultControllerOptions } from '../types.ts';
import { CronJobController } from './controller.ts';

const NS = 'cronjob-it';
const MINUTE = 60_000;
const leapYear = (() => {
  let y = new Date().getUTCFullYear() + 2;
  while (!(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) y++;
  return y;
})();
const clock = new FakeClock(Date.UTC(leapYear, 1, 29, 0, 0, 30));
const stop = new AbortController();
let server: KitesServer;
let client: ApiClient;
let controller: CronJobController;
let cronJobs: Informer<CronJob>;

before(async () => {
  server = await startKitesServer();
  client = await ApiClient.fromKubeconfig(server.kubeconfig);
  await client.forKind<Namespace>('', 'v1', 'Namespace').create({ metadata: { name: NS } });
  const logger = createLogger({ level: 'error' });
  const informers = new SharedInformerFactory(client, { logger });
  const recorder = new EventRecorder({ client, component: 'kites-controller-manager', clock, logger });
  controller = new CronJobController({ client, informers, recorder, logger, clock, options: defaultControllerOptions }, { defaultTimeZone: 'UTC' });
  cronJobs = informers.informerForKind<CronJob>('batch', 'v1', 'CronJob');
  informers.start(stop.signal);
  await informers.waitForSync(stop.signal);
});

after(async () => {
  stop.abort();
  client?.close();
  await server?.stop();
});

async function until<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

const minute = () => Math.floor(clock.now() / MINUTE);
const jobs = () => client.forKind<Job>('batch', 'v1', 'Job', NS);
const liveJobNames = async (cj: string) => (await jobs().list()).items.filter((j) => j.metadata?.ownerReferences?.[0]?.name === cj && !j.metadata.deletionTimestamp).map((j) => j.metadata!.name!).sort();

/**
 * Reconciles once the in-process cache shows the CronJob as the server has it. The server's own
 * CronJob controller writes the same status concurrently, so a conflict means: look again.
 */
async function syncSeen(name: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const server = await client.forKind<CronJob>('batch', 'v1', 'CronJob', NS).get(name);
    await until('cache caught up', () => cronJobs.store.getByName(NS, name)?.metadata?.resourceVersion === server.metadata?.resourceVersion);
    try {
      await controller.reconcile(`${NS}/${name}`);
      return;
    } catch (err) {
      if (!isConflict(err) || attempt >= 10) throw err;
    }
  }
}

async function createCronJob(name: string, concurrencyPolicy: 'Forbid' | 'Replace'): Promise<void> {
  await client.forKind<CronJob>('batch', 'v1', 'CronJob', NS).create({
    metadata: { name },
    spec: { schedule: '* * 29 2 *', timeZone: 'UTC', concurrencyPolicy, jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } } },
  });
}

test('a CronJob every minute with concurrencyPolicy Forbid holds back a run while its Job is active', async () => {
  await createCronJob('forbid', 'Forbid');
  await syncSeen('forbid');
  const first = `forbid-${minute()}`;
  assert.deepEqual(await liveJobNames('forbid'), [first]);
  const job = await jobs().get(first);
  assert.equal(job.metadata?.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'], `${leapYear}-02-29T00:00:00Z`);

  await clock.advance(MINUTE);
  await syncSeen('forbid');
  assert.deepEqual(await liveJobNames('forbid'), [first], 'no second Job while the first runs');
  const events = await client.forKind<Event>('', 'v1', 'Event', NS).list();
  assert.ok(events.items.some((e) => e.reason === 'JobAlreadyActive' && e.involvedObject.name === 'forbid'));

  // Finish the first Job's pod as a node agent would; the server's Job controller completes it.
  const pods = client.forKind<Pod>('', 'v1', 'Pod', NS);
  const pod = await until('the Job pod', async () => (await pods.list({ labelSelector: `batch.kubernetes.io/job-name=${first}` })).items[0]);
  await pods.bind(pod.metadata!.name!, 'node-1');
  await pods.patchStatus(pod.metadata!.name!, { status: { phase: 'Succeeded' } });
  await until('first Job complete in the cache', async () => (await jobs().get(first)).status?.conditions?.some((c) => c.type === 'Complete'));
  await until('controller saw it', async () => {
    await syncSeen('forbid');
    return (await liveJobNames('forbid')).length === 2;
  });
  assert.deepEqual(await liveJobNames('forbid'), [first, `forbid-${minute()}`].sort());
  const status = (await client.forKind<CronJob>('batch', 'v1', 'CronJob', NS).get('forbid')).status;
  assert.ok(status?.lastSuccessfulTime);
  assert.deepEqual(status?.active?.map((r) => r.name), [`forbid-${minute()}`]);
});

test('concurrencyPolicy Replace deletes the running Job and starts the new one', async () => {
  await createCronJob('replace', 'Replace');
  await syncSeen('replace');
  const first = `replace-${minute()}`;
  assert.deepEqual(await liveJobNames('replace'), [first]);
  await clock.advance(MINUTE);
  await syncSeen('replace');
  const second = `replace-${minute()}`;
  assert.deepEqual(await liveJobNames('replace'), [second]);
  const status = (await client.forKind<CronJob>('batch', 'v1', 'CronJob', NS).get('replace')).status;
  assert.deepEqual(status?.active?.map((r) => r.name), [second]);
  assert.equal(status?.lastScheduleTime, new Date(minute() * MINUTE).toISOString().replace('.000Z', 'Z'));
});
