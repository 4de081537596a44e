// Tables of apps/v1, batch/v1, autoscaling and policy kinds, as upstream's server-side printers lay them out.
import type { PrinterColumn } from '../types.ts';
import { age, humanDuration } from '../age.ts';
import { ageColumn, column, containerColumns, formatLabelSelector, formatLabels, nameColumn, wide } from './common.ts';

const str = (name: string, description: string, cell: PrinterColumn['cell']) => column(name, 'string', description, cell);
const int = (name: string, description: string, cell: PrinterColumn['cell']) => column(name, 'integer', description, cell);
const templateSpec = (o: any) => o.spec?.template?.spec;
const selectorColumn = (get: (o: any) => any = (o) => o.spec?.selector) =>
  wide('Selector', 'Label query over the pods it manages.', (o) => formatLabelSelector(get(o)));

export const deploymentColumns: PrinterColumn[] = [
  nameColumn,
  str('Ready', 'Ready replicas out of desired.', (o) => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}`),
  int('Up-to-date', 'Replicas updated to the current template.', (o) => o.status?.updatedReplicas ?? 0),
  int('Available', 'Replicas available to serve.', (o) => o.status?.availableReplicas ?? 0),
  ageColumn,
  ...containerColumns(templateSpec),
  selectorColumn(),
];

export const replicaSetColumns: PrinterColumn[] = [
  nameColumn,
  int('Desired', 'Desired number of replicas.', (o) => o.spec?.replicas ?? 0),
  int('Current', 'Number of replicas observed.', (o) => o.status?.replicas ?? 0),
  int('Ready', 'Number of ready replicas.', (o) => o.status?.readyReplicas ?? 0),
  ageColumn,
  ...containerColumns(templateSpec),
  selectorColumn(),
];

export const statefulSetColumns: PrinterColumn[] = [
  nameColumn,
  str('Ready', 'Ready replicas out of desired.', (o) => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}`),
  ageColumn,
  ...containerColumns(templateSpec),
];

export const daemonSetColumns: PrinterColumn[] = [
  nameColumn,
  int('Desired', 'Nodes that should run the daemon pod.', (o) => o.status?.desiredNumberScheduled ?? 0),
  int('Current', 'Nodes running at least one daemon pod.', (o) => o.status?.currentNumberScheduled ?? 0),
  int('Ready', 'Nodes with a ready daemon pod.', (o) => o.status?.numberReady ?? 0),
  int('Up-to-date', 'Nodes running the updated daemon pod.', (o) => o.status?.updatedNumberScheduled ?? 0),
  int('Available', 'Nodes with an available daemon pod.', (o) => o.status?.numberAvailable ?? 0),
  str('Node Selector', 'The pod template node selector.', (o) => formatLabels(o.spec?.template?.spec?.nodeSelector)),
  ageColumn,
  ...containerColumns(templateSpec),
  selectorColumn(),
];

export const controllerRevisionColumns: PrinterColumn[] = [
  nameColumn,
  str('Controller', 'The controlling object, kind.group/name.', controllerOf),
  int('Revision', 'The revision number.', (o) => o.revision ?? 0),
  ageColumn,
];

function controllerOf(o: any): string {
  const ref = (o.metadata?.ownerReferences ?? []).find((r: any) => r.controller);
  if (!ref) return '<none>';
  const group = String(ref.apiVersion ?? '').includes('/') ? String(ref.apiVersion).split('/')[0] : '';
  const kind = group ? `${ref.kind}.${group}` : ref.kind;
  return `${String(kind).toLowerCase()}/${ref.name}`;
}

// ---- batch

const hasCondition = (o: any, type: string) => (o.status?.conditions ?? []).some((c: any) => c.type === type && c.status === 'True');

function jobStatus(job: any): string {
  if (hasCondition(job, 'Complete')) return 'Complete';
  if (hasCondition(job, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (hasCondition(job, 'Suspended')) return 'Suspended';
  if (hasCondition(job, 'FailureTarget')) return 'FailureTarget';
  if (hasCondition(job, 'SuccessCriteriaMet')) return 'SuccessCriteriaMet';
  return 'Running';
}

function jobCompletions(job: any): string {
  const succeeded = job.status?.succeeded ?? 0;
  if (job.spec?.completions != null) return `${succeeded}/${job.spec.completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(job: any, now: Date): string {
  const start = job.status?.startTime;
  if (!start) return '';
  const end = job.status?.completionTime ? Date.parse(job.status.completionTime) : now.getTime();
  return humanDuration(end - Date.parse(start));
}

export const jobColumns: PrinterColumn[] = [
  nameColumn,
  str('Status', 'Status of the job.', jobStatus),
  str('Completions', 'Succeeded pods out of the desired completions.', jobCompletions),
  str('Duration', 'Time the job took, or has been running.', jobDuration),
  ageColumn,
  ...containerColumns(templateSpec),
  selectorColumn(),
];

export const cronJobColumns: PrinterColumn[] = [
  nameColumn,
  str('Schedule', 'The schedule in cron format.', (o) => o.spec?.schedule ?? ''),
  str('Timezone', 'The time zone of the schedule.', (o) => o.spec?.timeZone ?? '<none>'),
  column('Suspend', 'boolean', 'Whether new runs are suspended.', (o) => o.spec?.suspend ?? '<unset>'),
  int('Active', 'Number of running jobs.', (o) => (o.status?.active ?? []).length),
  str('Last Schedule', 'Time since a job was last scheduled.', (o, now) => (o.status?.lastScheduleTime ? age(o.status.lastScheduleTime, now) : '<none>')),
  ageColumn,
  ...containerColumns((o) => o.spec?.jobTemplate?.spec?.template?.spec),
  selectorColumn((o) => o.spec?.jobTemplate?.spec?.selector),
];

// ---- autoscaling and policy

const hpaColumns = (targets: (o: any) => string): PrinterColumn[] => [
  nameColumn,
  str('Reference', 'The scaled object, kind/name.', (o) => `${o.spec?.scaleTargetRef?.kind ?? ''}/${o.spec?.scaleTargetRef?.name ?? ''}`),
  str('Targets', 'Current and target metric values.', targets),
  str('MinPods', 'Lower replica limit.', (o) => (o.spec?.minReplicas != null ? String(o.spec.minReplicas) : '<unset>')),
  int('MaxPods', 'Upper replica limit.', (o) => o.spec?.maxReplicas ?? 0),
  int('Replicas', 'Current number of replicas.', (o) => o.status?.currentReplicas ?? 0),
  ageColumn,
];

/** autoscaling/v1 knows one metric: average CPU utilization. */
export const hpaV1Columns = hpaColumns((o) => {
  const target = o.spec?.targetCPUUtilizationPercentage;
  if (target == null) return '<none>';
  const current = o.status?.currentCPUUtilizationPercentage;
  return `cpu: ${current != null ? `${current}%` : '<unknown>'}/${target}%`;
});

export const hpaV2Columns = hpaColumns((o) => {
  const specs: any[] = o.spec?.metrics ?? [];
  if (specs.length === 0) return '<none>';
  const statuses: any[] = o.status?.currentMetrics ?? [];
  const list = specs.map((spec, i) => formatMetric(spec, statuses[i]));
  return list.length > 2 ? `${list.slice(0, 2).join(', ')} + ${list.length - 2} more...` : list.join(', ');
});

function formatMetric(spec: any, status: any): string {
  const valueOrAverage = (source: any, current: any) =>
    source.target?.averageValue != null
      ? `${current?.current?.averageValue ?? '<unknown>'}/${source.target.averageValue} (avg)`
      : `${current?.current?.value ?? '<unknown>'}/${source.target?.value}`;
  const resource = (source: any, current: any) => {
    if (source.target?.averageValue != null) {
      return `${source.name}: ${current?.current?.averageValue ?? '<unknown>'}/${source.target.averageValue}`;
    }
    const cur = current?.current?.averageUtilization != null ? `${current.current.averageUtilization}%` : '<unknown>';
    const target = source.target?.averageUtilization != null ? `${source.target.averageUtilization}%` : '<auto>';
    return `${source.name}: ${cur}/${target}`;
  };
  switch (spec.type) {
    case 'External':
      return valueOrAverage(spec.external, status?.external);
    case 'Object':
      return valueOrAverage(spec.object, status?.object);
    case 'Pods':
      return `${status?.pods?.current?.averageValue ?? '<unknown>'}/${spec.pods?.target?.averageValue}`;
    case 'Resource':
      return resource(spec.resource, status?.resource);
    case 'ContainerResource':
      return resource(spec.containerResource, status?.containerResource);
    default:
      return '<unknown type>';
  }
}

export const pdbColumns: PrinterColumn[] = [
  nameColumn,
  str('Min Available', 'The minimum number of pods that must be available.', (o) => String(o.spec?.minAvailable ?? 'N/A')),
  str('Max Unavailable', 'The maximum number of pods that may be unavailable.', (o) => String(o.spec?.maxUnavailable ?? 'N/A')),
  int('Allowed Disruptions', 'Calculated number of pods that may be disrupted at this time.', (o) => o.status?.disruptionsAllowed ?? 0),
  ageColumn,
];
