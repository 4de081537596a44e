// A pod's API status from what the runtime reports: phase, conditions and container statuses in
// upstream's shapes and reasons (pkg/kubelet/kubelet_pods.go getPhase and
// convertToAPIContainerStatuses; pkg/kubelet/status/generate.go for the conditions). Pure: the
// caller passes the runtime's view and the time.
import type { ContainerState as ApiContainerState, ContainerStatus as ApiContainerStatus, Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1.d.ts';
import type { ContainerStatus, PodSandboxStatus } from '../runtime/types.ts';
import { rfc3339, sameJSON } from '../json.ts';

/** One spec container as the runtime knows it: its latest instance and the one before. */
export interface ContainerView {
  name: string;
  /** The image the spec asks for (status.containerStatuses[].image). */
  image: string;
  current?: ContainerStatus;
  previous?: ContainerStatus;
  /** Why the container is waiting when it is not running, e.g. CrashLoopBackOff with its message. */
  waiting?: { reason: string; message?: string };
  /** From the probes while running: startup passed (true without a startup probe). */
  started?: boolean;
  /** From the probes while running: started and readiness passed (true without a readiness probe). */
  ready?: boolean;
}

export interface PodView {
  /** The pod's latest sandbox. */
  sandbox?: PodSandboxStatus;
  init: ContainerView[];
  containers: ContainerView[];
}

export interface StatusContext {
  hostIP: string;
  /** Prefix of container IDs, e.g. "fake" → fake://ID. */
  runtimeName: string;
  now: number;
  /**
   * The pod is being deleted and everything of it is stopped: the phase is final (Succeeded when every
   * container exited 0, else Failed), whatever the restart policy — upstream's podIsTerminal.
   */
  terminal?: boolean;
}

/** The conditions the kubelet owns; any other condition on the pod (gates, disruption) is kept. */
const KUBELET_CONDITIONS = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];

/** The status fields the kubelet writes (and so compares before writing). */
export type OwnedStatus = Pick<PodStatus, 'phase' | 'conditions' | 'hostIP' | 'hostIPs' | 'podIP' | 'podIPs' | 'startTime' | 'containerStatuses' | 'initContainerStatuses'>;

export function computePodStatus(pod: Pod, view: PodView, ctx: StatusContext): OwnedStatus {
  const old = pod.status ?? {};
  const restartPolicy = pod.spec?.restartPolicy ?? 'Always';
  const initStatuses = view.init.map((v) => containerStatus(v, ctx.runtimeName, true));
  const statuses = view.containers.map((v) => containerStatus(v, ctx.runtimeName, false));
  const initDone = initStatuses.every((s) => s.state?.terminated?.exitCode === 0) || statuses.some((s) => s.started);
  const phase = podPhase(restartPolicy, initStatuses, statuses, initDone, ctx.terminal === true);
  const sandboxReady = view.sandbox?.state === 'SANDBOX_READY';
  const podIP = pod.spec?.hostNetwork ? ctx.hostIP : sandboxReady ? view.sandbox?.network?.ip : old.podIP;
  const conditions = mergeConditions(old.conditions ?? [], [
    { type: 'PodReadyToStartContainers', status: sandboxReady ? 'True' : 'False' },
    initializedCondition(view.init, initStatuses, initDone, phase),
    ...readyConditions(statuses, phase),
    { type: 'PodScheduled', status: 'True' },
  ], ctx.now);
  const status: OwnedStatus = {
    phase,
    conditions,
    hostIP: ctx.hostIP,
    hostIPs: [{ ip: ctx.hostIP }],
    startTime: old.startTime ?? rfc3339(ctx.now),
    containerStatuses: statuses,
  };
  if (podIP) Object.assign(status, { podIP, podIPs: [{ ip: podIP }] });
  if (initStatuses.length > 0) status.initContainerStatuses = initStatuses;
  return status;
}

/** Whether the pod already shows this status (so no write is needed). */
export function statusUpToDate(pod: Pod, status: OwnedStatus): boolean {
  const current = pod.status ?? {};
  return (Object.keys(status) as (keyof OwnedStatus)[]).every((k) => sameJSON(current[k], status[k]));
}

function containerStatus(v: ContainerView, runtimeName: string, init: boolean): ApiContainerStatus {
  const c = v.current;
  const restartCount = c?.metadata.attempt ?? (v.previous ? v.previous.metadata.attempt + 1 : 0);
  let state: ApiContainerState;
  let lastState: ApiContainerState = v.previous ? { terminated: terminated(v.previous, runtimeName) } : {};
  if (c?.state === 'CONTAINER_RUNNING') state = { running: { startedAt: rfc3339(c.startedAt) } };
  else if (c?.state === 'CONTAINER_EXITED' && !v.waiting) state = { terminated: terminated(c, runtimeName) };
  else {
    if (c?.state === 'CONTAINER_EXITED') lastState = { terminated: terminated(c, runtimeName) };
    const waiting = v.waiting ?? { reason: init ? 'PodInitializing' : 'ContainerCreating' };
    state = { waiting: { reason: waiting.reason, ...(waiting.message ? { message: waiting.message } : {}) } };
  }
  const running = state.running !== undefined;
  const started = running && v.started !== false;
  // A running container is ready once started and its readiness probe (if any) passed; a finished init container counts as ready.
  const ready = (started && v.ready !== false) || (init && state.terminated?.exitCode === 0);
  const out: ApiContainerStatus = {
    name: v.name, image: v.image, imageID: c?.imageRef ?? '', ready, restartCount, started, state, lastState,
  };
  if (c) out.containerID = `${runtimeName}://${c.id}`;
  return out;
}

function terminated(c: ContainerStatus, runtimeName: string): NonNullable<ApiContainerState['terminated']> {
  return {
    exitCode: c.exitCode,
    reason: c.reason || (c.exitCode === 0 ? 'Completed' : 'Error'),
    ...(c.message ? { message: c.message } : {}),
    ...(c.startedAt ? { startedAt: rfc3339(c.startedAt) } : {}),
    finishedAt: rfc3339(c.finishedAt),
    containerID: `${runtimeName}://${c.id}`,
  };
}

/** upstream getPhase, for a pod that is not terminal yet. */
function podPhase(restartPolicy: string, init: ApiContainerStatus[], regular: ApiContainerStatus[], initDone: boolean, terminal: boolean): PodStatus['phase'] {
  const initFailed = init.some((s) => (s.state?.terminated?.exitCode ?? 0) !== 0);
  if (initFailed && restartPolicy === 'Never') return 'Failed';
  if (!initDone) return 'Pending';
  let running = 0, waiting = 0, stopped = 0, succeeded = 0;
  for (const s of regular) {
    if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.lastState?.terminated) stopped++;
    else waiting++;
  }
  if (waiting > 0 || regular.length === 0) return 'Pending';
  if (running > 0) return 'Running';
  if (restartPolicy === 'Always' && !terminal) return 'Running';
  if (stopped === succeeded) return 'Succeeded';
  if (restartPolicy === 'OnFailure' && !terminal) return 'Running';
  return 'Failed';
}

function initializedCondition(init: ContainerView[], statuses: ApiContainerStatus[], initDone: boolean, phase: PodStatus['phase']): PodCondition {
  if (phase === 'Succeeded') return { type: 'Initialized', status: 'True', reason: 'PodCompleted' };
  if (initDone) return { type: 'Initialized', status: 'True' };
  const incomplete = init.filter((_, i) => statuses[i]?.state?.terminated?.exitCode !== 0).map((v) => v.name);
  return { type: 'Initialized', status: 'False', reason: 'ContainersNotInitialized', message: `containers with incomplete status: [${incomplete.join(' ')}]` };
}

function readyConditions(statuses: ApiContainerStatus[], phase: PodStatus['phase']): PodCondition[] {
  let containersReady: PodCondition;
  if (phase === 'Succeeded') containersReady = { type: 'ContainersReady', status: 'False', reason: 'PodCompleted' };
  else if (phase === 'Failed') containersReady = { type: 'ContainersReady', status: 'False', reason: 'PodFailed' };
  else {
    const unready = statuses.filter((s) => !s.ready).map((s) => s.name);
    containersReady = unready.length
      ? { type: 'ContainersReady', status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${unready.join(' ')}]` }
      : { type: 'ContainersReady', status: 'True' };
  }
  const ready: PodCondition = { ...containersReady, type: 'Ready' };
  return [ready, containersReady];
}

/**
 * Kubelet conditions in upstream's order, each keeping its lastTransitionTime while its status stays;
 * conditions others own (readiness gates, DisruptionTarget) follow unchanged.
 */
function mergeConditions(old: readonly PodCondition[], fresh: PodCondition[], now: number): PodCondition[] {
  const byType = new Map(old.map((c) => [c.type, c]));
  const out = fresh.map((c) => {
    const prev = byType.get(c.type);
    const lastTransitionTime = prev && prev.status === c.status && prev.lastTransitionTime ? prev.lastTransitionTime : rfc3339(now);
    return { type: c.type, status: c.status, lastTransitionTime, ...(c.reason ? { reason: c.reason } : {}), ...(c.message ? { message: c.message } : {}) };
  });
  return [...out, ...old.filter((c) => !KUBELET_CONDITIONS.includes(c.type))];
}
