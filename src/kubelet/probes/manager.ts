// Liveness, readiness and startup probes, one worker per container and probe type, as upstream's
// prober workers (pkg/kubelet/prober/worker.go): a worker first probes initialDelaySeconds after the
// container started, then every periodSeconds; a result only takes effect after successThreshold
// (failureThreshold) equal results in a row. Readiness starts as failure, liveness as success,
// startup as unknown; until the startup probe succeeds the other two do not run; a liveness or
// startup failure puts the worker on hold until the container is replaced. Timers run on the
// injected clock, so tests drive time by hand.
import type { Container, Pod, Probe } from 'kubernetes-types/core/v1.d.ts';
import type { Clock, TimerHandle } from '../../client/index.ts';
import type { Logger } from '../../log/logger.ts';
import type { HandlerOutcome, ProbeTarget } from '../runtime/types.ts';
import { HandlerError, resolveAction } from './actions.ts';

export type ProbeType = 'liveness' | 'readiness' | 'startup';
type Result = HandlerOutcome['result'];

const PROBE_FIELD = { liveness: 'livenessProbe', readiness: 'readinessProbe', startup: 'startupProbe' } as const;
const INITIAL: Record<ProbeType, Result> = { liveness: 'success', readiness: 'failure', startup: 'unknown' };
const TITLE: Record<ProbeType, string> = { liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup' };

/** A spec container's latest instance as the runtime reports it. */
export interface ContainerInstance {
  name: string;
  id: string;
  running: boolean;
  /** Epoch ms. */
  startedAt: number;
}

export interface ProbeManagerOptions {
  clock: Clock;
  target: ProbeTarget;
  logger: Logger;
  /** A probe's result changed: the pod wants a sync. */
  onChange: (pod: Pod) => void;
  /** A probe failed or errored; upstream records an `Unhealthy` Warning event each time. */
  onUnhealthy?: (pod: Pod, container: string, message: string) => void;
}

interface Worker {
  type: ProbeType;
  container: Container;
  probe: Required<Pick<Probe, 'initialDelaySeconds' | 'periodSeconds' | 'timeoutSeconds' | 'successThreshold' | 'failureThreshold'>> & Probe;
  containerId?: string;
  result: Result;
  lastResult: Result;
  resultRun: number;
  onHold: boolean;
  timer?: TimerHandle;
}

interface PodProbes {
  pod: Pod;
  podIP: string;
  workers: Worker[];
}

export class ProbeManager {
  readonly #o: ProbeManagerOptions;
  readonly #pods = new Map<string, PodProbes>();

  constructor(options: ProbeManagerOptions) {
    this.#o = options;
  }

  /** Brings the pod's workers up to date with its containers' latest instances; call on every sync. */
  sync(pod: Pod, podIP: string, instances: ContainerInstance[]): void {
    const uid = pod.metadata?.uid ?? '';
    let state = this.#pods.get(uid);
    if (!state) {
      state = { pod, podIP, workers: workersFor(pod) };
      if (state.workers.length === 0) return;
      this.#pods.set(uid, state);
    }
    Object.assign(state, { pod, podIP });
    for (const w of state.workers) {
      const c = instances.find((i) => i.name === w.container.name);
      if (!c) continue;
      if (c.id !== w.containerId) {
        // A new container: start from the initial result and probe it from its start time.
        Object.assign(w, { containerId: c.id, result: INITIAL[w.type], lastResult: 'unknown', resultRun: 0, onHold: false });
        this.#clear(w);
        if (c.running) this.#schedule(state, w, c.startedAt + w.probe.initialDelaySeconds * 1000 - this.#o.clock.now());
      } else if (!c.running) {
        this.#clear(w);
        w.result = 'failure';
      }
    }
  }

  /** upstream's UpdatePodStatus: started once the startup probe passed; ready once started and readiness passed. */
  status(pod: Pod, name: string, containerId: string): { started: boolean; ready: boolean } {
    const workers = this.#pods.get(pod.metadata?.uid ?? '')?.workers.filter((w) => w.container.name === name) ?? [];
    const passed = (type: ProbeType) => {
      const w = workers.find((x) => x.type === type);
      return !w || (w.containerId === containerId && w.result === 'success');
    };
    const started = passed('startup');
    return { started, ready: started && passed('readiness') };
  }

  /** Which probe says the running container `containerId` must be killed, if one does. */
  failedProbe(pod: Pod, name: string, containerId: string): 'liveness' | 'startup' | undefined {
    const workers = this.#pods.get(pod.metadata?.uid ?? '')?.workers ?? [];
    const failed = workers.find((w) => w.container.name === name && w.containerId === containerId && w.type !== 'readiness' && w.result === 'failure');
    return failed?.type as 'liveness' | 'startup' | undefined;
  }

  /** Stops a pod's workers (it is terminating or gone). */
  removePod(uid: string): void {
    for (const w of this.#pods.get(uid)?.workers ?? []) this.#clear(w);
    this.#pods.delete(uid);
  }

  close(): void {
    for (const uid of [...this.#pods.keys()]) this.removePod(uid);
  }

  #schedule(state: PodProbes, w: Worker, delayMs: number): void {
    w.timer = this.#o.clock.setTimeout(() => {
      w.timer = undefined;
      void this.#tick(state, w).catch((err: unknown) => this.#o.logger.warn('probe failed to run', { error: String(err) }));
    }, Math.max(0, delayMs));
  }

  #clear(w: Worker): void {
    if (w.timer !== undefined) this.#o.clock.clearTimeout(w.timer);
    w.timer = undefined;
  }

  async #tick(state: PodProbes, w: Worker): Promise<void> {
    const containerId = w.containerId!;
    const started = this.status(state.pod, w.container.name, containerId).started;
    // Startup gates the others; a passed startup probe is not run again for this container.
    const skip = w.onHold || (w.type === 'startup' ? started : !started);
    if (!skip) {
      const result = await this.#probe(state, w, containerId);
      // The container may have been replaced or the pod removed while the probe ran.
      if (w.containerId !== containerId || this.#pods.get(state.pod.metadata?.uid ?? '') !== state) return;
      if (result !== undefined) this.#record(state, w, result);
    }
    this.#schedule(state, w, w.probe.periodSeconds * 1000);
  }

  /** undefined when the probe could not be run at all (upstream throws such results away). */
  async #probe(state: PodProbes, w: Worker, containerId: string): Promise<Result | undefined> {
    const unhealthy = (message: string) => this.#o.onUnhealthy?.(state.pod, w.container.name, message);
    try {
      const action = resolveAction(w.probe, w.container, state.podIP);
      const outcome = await this.#o.target.run({ containerId, purpose: w.type, action, timeoutMs: w.probe.timeoutSeconds * 1000 });
      if (outcome.result === 'failure') unhealthy(`${TITLE[w.type]} probe failed: ${outcome.output}`);
      return outcome.result;
    } catch (err) {
      unhealthy(`${TITLE[w.type]} probe errored: ${err instanceof HandlerError || err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  #record(state: PodProbes, w: Worker, result: Result): void {
    if (result === w.lastResult) w.resultRun++;
    else Object.assign(w, { lastResult: result, resultRun: 1 });
    if ((result === 'failure' && w.resultRun < w.probe.failureThreshold) || (result === 'success' && w.resultRun < w.probe.successThreshold)) return;
    const changed = w.result !== result;
    w.result = result;
    if (w.type !== 'readiness' && result === 'failure') {
      // The container will be killed; probing it further only races with the kill.
      w.onHold = true;
      w.resultRun = 0;
    }
    if (changed) this.#o.onChange(state.pod);
  }
}

function workersFor(pod: Pod): Worker[] {
  const out: Worker[] = [];
  for (const container of pod.spec?.containers ?? []) {
    for (const type of ['startup', 'liveness', 'readiness'] as ProbeType[]) {
      const p = container[PROBE_FIELD[type]];
      if (!p) continue;
      const probe = {
        ...p, initialDelaySeconds: p.initialDelaySeconds ?? 0, periodSeconds: p.periodSeconds || 10, timeoutSeconds: p.timeoutSeconds || 1,
        successThreshold: p.successThreshold || 1, failureThreshold: p.failureThreshold || 3,
      };
      out.push({ type, container, probe, result: INITIAL[type], lastResult: 'unknown', resultRun: 0, onHold: false });
    }
  }
  return out;
}
