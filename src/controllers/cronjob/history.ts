// What a CronJob's status and history limits make of its Jobs: which are finished and how, which
// to delete beyond successfulJobsHistoryLimit/failedJobsHistoryLimit (oldest first), and the Job
// built from the template for one scheduled time (upstream cronjob utils.go getJobFromTemplate2).
import type { CronJob, Job } from 'kubernetes-types/batch/v1.d.ts';
import { jobNameFor, rfc3339In } from './schedule.ts';

export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

/** 'Complete' or 'Failed' once the Job has finished. */
export function finishedAs(job: Job): 'Complete' | 'Failed' | undefined {
  const c = job.status?.conditions?.find((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  return c?.type as 'Complete' | 'Failed' | undefined;
}

/** Finished Jobs past the history limits, oldest start first. */
export function jobsToCleanUp(cj: CronJob, jobs: Job[]): Job[] {
  const byStart = (a: Job, b: Job) => (Date.parse(a.status?.startTime ?? '') || Infinity) - (Date.parse(b.status?.startTime ?? '') || Infinity) || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
  const excess = (kind: 'Complete' | 'Failed', limit: number | undefined) => {
    if (limit == null) return [];
    const finished = jobs.filter((j) => finishedAs(j) === kind && !j.metadata?.deletionTimestamp).sort(byStart);
    return finished.slice(0, Math.max(0, finished.length - limit));
  };
  return [...excess('Complete', cj.spec?.successfulJobsHistoryLimit), ...excess('Failed', cj.spec?.failedJobsHistoryLimit)];
}

export function jobForSchedule(cj: CronJob, scheduled: number): Job {
  const template = structuredClone(cj.spec?.jobTemplate ?? {});
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobNameFor(cj.metadata?.name ?? '', scheduled),
      namespace: cj.metadata?.namespace,
      ...(template.metadata?.labels ? { labels: template.metadata.labels } : {}),
      annotations: { ...(template.metadata?.annotations ?? {}), [SCHEDULED_TIMESTAMP_ANNOTATION]: rfc3339In(scheduled, cj.spec?.timeZone || 'UTC') },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cj.metadata?.name ?? '', uid: cj.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true }],
    },
    spec: template.spec,
  };
}
