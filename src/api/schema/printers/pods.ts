// The pods table as upstream's printPod computes it: READY counts ready containers (restartable init
// containers included), STATUS walks init containers then containers for the most telling reason,
// RESTARTS adds "(2m ago)" after the last restart.
import type { PrinterColumn } from '../types.ts';
import { age } from '../age.ts';
import { ageColumn, column, nameColumn, wide } from './common.ts';

/** Upstream's node.NodeUnreachablePodReason: the node controller marks pods on a lost node. */
const nodeLostReason = 'NodeLost';

export interface PodSummary {
  ready: string;
  status: string;
  restarts: string;
}

const isRestartable = (c: any) => c?.restartPolicy === 'Always';
const finishedAt = (s: any): string | undefined => s.lastState?.terminated?.finishedAt;
const later = (a: string | undefined, b: string | undefined) => (!a ? b : !b ? a : Date.parse(b) > Date.parse(a) ? b : a);
const hasTrueCondition = (pod: any, type: string) =>
  (pod.status?.conditions ?? []).some((c: any) => c.type === type && c.status === 'True');

export function summarizePod(pod: any, now: Date): PodSummary {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const initSpecs = new Map<string, any>((spec.initContainers ?? []).map((c: any) => [c.name, c]));
  const total = (spec.containers ?? []).length + [...initSpecs.values()].filter(isRestartable).length;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart: string | undefined;
  let lastSidecarRestart: string | undefined;
  let reason: string = status.reason || status.phase || '';
  if ((status.conditions ?? []).some((c: any) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) {
    reason = 'SchedulingGated';
  }

  let initializing = false;
  const initStatuses: any[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const s = initStatuses[i];
    const restartable = isRestartable(initSpecs.get(s.name));
    restarts += s.restartCount ?? 0;
    lastRestart = later(lastRestart, finishedAt(s));
    if (restartable) {
      sidecarRestarts += s.restartCount ?? 0;
      lastSidecarRestart = later(lastSidecarRestart, finishedAt(s));
    }
    const terminated = s.state?.terminated;
    const waiting = s.state?.waiting;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (restartable && s.started) {
      if (s.ready) ready++;
      continue;
    }
    if (terminated) {
      reason = terminated.reason
        ? `Init:${terminated.reason}`
        : terminated.signal
          ? `Init:Signal:${terminated.signal}`
          : `Init:ExitCode:${terminated.exitCode ?? 0}`;
    } else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
    } else {
      reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || hasTrueCondition(pod, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses: any[] = status.containerStatuses ?? [];
    // Upstream walks backwards so that the first container's reason wins.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const s = statuses[i];
      restarts += s.restartCount ?? 0;
      lastRestart = later(lastRestart, finishedAt(s));
      const { waiting, terminated, running } = s.state ?? {};
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated?.reason) reason = terminated.reason;
      else if (terminated) reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
      else if (s.ready && running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = hasTrueCondition(pod, 'Ready') ? 'Running' : 'NotReady';
  }

  if (pod.metadata?.deletionTimestamp && status.reason === nodeLostReason) reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating';

  const restartText = restarts !== 0 && lastRestart ? `${restarts} (${age(lastRestart, now)} ago)` : String(restarts);
  return { ready: `${ready}/${total}`, status: reason, restarts: restartText };
}

/** Reuses one summary for the several cells of a row. */
const cache = new WeakMap<object, { now: number; summary: PodSummary }>();
function summary(pod: any, now: Date): PodSummary {
  const hit = cache.get(pod);
  if (hit && hit.now === now.getTime()) return hit.summary;
  const s = summarizePod(pod, now);
  cache.set(pod, { now: now.getTime(), summary: s });
  return s;
}

function readinessGates(pod: any): string {
  const gates: any[] = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions: any[] = pod.status?.conditions ?? [];
  const passed = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${passed}/${gates.length}`;
}

export const podColumns: PrinterColumn[] = [
  nameColumn,
  column('Ready', 'string', 'Ready containers out of all containers.', (o, now) => summary(o, now).ready),
  column('Status', 'string', 'The aggregate status of the containers in this pod.', (o, now) => summary(o, now).status),
  column('Restarts', 'string', 'Container restarts, and how long ago the last one was.', (o, now) => summary(o, now).restarts),
  ageColumn,
  wide('IP', 'The pod IP address.', (o) => o.status?.podIPs?.[0]?.ip || '<none>'),
  wide('Node', 'The node the pod is bound to.', (o) => o.spec?.nodeName || '<none>'),
  wide('Nominated Node', 'The node the scheduler nominated after preempting for this pod.', (o) => o.status?.nominatedNodeName || '<none>'),
  wide('Readiness Gates', 'Readiness gates whose condition is True, out of all.', readinessGates),
];
