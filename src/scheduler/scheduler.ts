// The scheduler: informer events feed the cache (assigned pods, nodes) and the queue (pending
// pods); one loop pops a pod, runs the scheduling cycle against a fresh snapshot, assumes the pod
// on the chosen node and hands it to an asynchronous binding cycle, so the next pod is scheduled
// while binds are in flight. Everything it writes goes through SchedulerApi.
import type { Node, Pod, PodCondition } from 'kubernetes-types/core/v1.d.ts';
import type { Clock } from '../client/index.ts';
import type { Logger } from '../log/logger.ts';
import { Cache, Snapshot } from './framework/cache.ts';
import { DEFAULT_SCHEDULER_NAME, type SchedulerConfiguration } from './framework/config.ts';
import { ASSIGNED_POD_ADD, ASSIGNED_POD_DELETE, assignedPodUpdateEvent, NODE_ADD, nodeUpdateEvent } from './framework/events.ts';
import { Framework } from './framework/framework.ts';
import { CycleState, type Handle } from './framework/interface.ts';
import { podKey } from './framework/node-info.ts';
import { Code, type Status } from './framework/status.ts';
import { WaitingPods } from './framework/waiting-pods.ts';
import type { PluginRegistry } from './plugins/registry.ts';
import { SchedulingQueue, type QueuedPodInfo } from './queue/scheduling-queue.ts';
import { schedulePod } from './schedule-one.ts';

/** The scheduler's writes: small, so tests can record them. */
export interface SchedulerApi {
  bind(pod: Pod, nodeName: string, signal: AbortSignal): Promise<void>;
  /** Strategic-merge patch of the pod's status. */
  patchPodStatus(pod: Pod, patch: unknown): Promise<void>;
  /** Records an Event from the profile's scheduler name; never rejects. */
  event(schedulerName: string, pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string): Promise<void>;
}

export interface SchedulerOptions {
  api: SchedulerApi;
  config: SchedulerConfiguration;
  registry: PluginRegistry;
  clock: Clock;
  logger: Logger;
  random?: () => number;
  /** Queue tuning for tests (defaults as upstream). */
  podMaxInUnschedulableMs?: number;
}

export const isAssigned = (pod: Pod) => Boolean(pod.spec?.nodeName);
const isTerminal = (pod: Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

export class Scheduler {
  readonly cache = new Cache();
  readonly queue: SchedulingQueue;
  readonly frameworks = new Map<string, Framework>();
  readonly #snapshot = new Snapshot();
  readonly #api: SchedulerApi;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #random: () => number;
  readonly #percentage: number;
  /** Latest version of each pending pod we are responsible for. */
  readonly #pending = new Map<string, Pod>();
  readonly #binding = new Set<Promise<void>>();
  #startIndex = 0;

  constructor(opts: SchedulerOptions) {
    this.#api = opts.api;
    this.#clock = opts.clock;
    this.#logger = opts.logger.with({ component: 'scheduler' });
    this.#random = opts.random ?? Math.random;
    this.#percentage = opts.config.percentageOfNodesToScore ?? 0;
    const waiting = new WaitingPods(opts.clock);
    const handle: Handle = {
      snapshot: () => this.#snapshot,
      bindPod: (pod, node, signal) => this.#api.bind(pod, node, signal),
      clock: opts.clock,
      logger: this.#logger,
    };
    for (const profile of opts.config.profiles) this.frameworks.set(profile.schedulerName, new Framework(profile, opts.registry, handle, waiting));
    const first = this.frameworks.values().next().value!;
    this.queue = new SchedulingQueue({
      clock: opts.clock,
      // One queue for all profiles sorts with the first profile's QueueSort (upstream requires all to agree).
      less: (a, b) => first.queueSort.less(a, b),
      pluginEvents: (pod) => this.#frameworkFor(pod)?.pluginEvents ?? new Map(),
      initialBackoffMs: (opts.config.podInitialBackoffSeconds ?? 1) * 1000,
      maxBackoffMs: (opts.config.podMaxBackoffSeconds ?? 10) * 1000,
      ...(opts.podMaxInUnschedulableMs ? { podMaxInUnschedulableMs: opts.podMaxInUnschedulableMs } : {}),
    });
  }

  /** Whether this scheduler handles the pod (its schedulerName names one of our profiles). */
  responsibleFor(pod: Pod): boolean {
    return this.frameworks.has(pod.spec?.schedulerName ?? DEFAULT_SCHEDULER_NAME);
  }

  // ---- informer events ----

  onPodAdd(pod: Pod): void {
    if (isAssigned(pod)) {
      if (isTerminal(pod)) return;
      this.cache.addPod(pod);
      this.queue.onEvent(ASSIGNED_POD_ADD, undefined, pod);
    } else if (this.responsibleFor(pod) && !isTerminal(pod)) {
      this.#pending.set(podKey(pod), pod);
      this.queue.add(pod);
    }
  }

  onPodUpdate(oldPod: Pod, pod: Pod): void {
    if (!isAssigned(pod)) {
      if (!this.responsibleFor(pod)) return;
      if (isTerminal(pod)) return this.onPodDelete(pod);
      this.#pending.set(podKey(pod), pod);
      return this.queue.update(pod);
    }
    if (!isAssigned(oldPod)) {
      // Bound (by us or anyone): from the queue's world to the cache's.
      this.#forgetPending(pod);
      return this.onPodAdd(pod);
    }
    if (isTerminal(pod)) return this.onPodDelete(pod);
    this.cache.updatePod(pod);
    this.queue.onEvent(assignedPodUpdateEvent(oldPod, pod), oldPod, pod);
  }

  onPodDelete(pod: Pod): void {
    if (isAssigned(pod)) {
      this.cache.removePod(pod);
      this.queue.onEvent(ASSIGNED_POD_DELETE, pod, undefined);
    } else this.#forgetPending(pod);
  }

  onNodeAdd(node: Node): void {
    this.cache.addNode(node);
    this.queue.onEvent(NODE_ADD, undefined, node);
  }

  onNodeUpdate(oldNode: Node, node: Node): void {
    this.cache.updateNode(node);
    this.queue.onEvent(nodeUpdateEvent(oldNode, node), oldNode, node);
  }

  onNodeDelete(node: Node): void {
    this.cache.removeNode(node.metadata!.name!);
  }

  // ---- the loop ----

  /** Schedules until `signal` aborts, then waits for binds in flight. */
  async run(signal: AbortSignal): Promise<void> {
    const stop = () => this.queue.close();
    signal.addEventListener('abort', stop, { once: true });
    try {
      for (;;) {
        const info = await this.queue.pop();
        if (!info || signal.aborted) break;
        this.scheduleOne(info, signal);
        // Let informer events in between cycles even when the active queue is long.
        await new Promise<void>((r) => setImmediate(r));
      }
    } finally {
      signal.removeEventListener('abort', stop);
      stop();
      await Promise.all(this.#binding);
    }
  }

  /** The scheduling cycle for one popped pod; starts its binding cycle on success. */
  scheduleOne(info: QueuedPodInfo, signal: AbortSignal): void {
    const pod = info.pod;
    const fwk = this.#frameworkFor(pod);
    if (!fwk || pod.metadata?.deletionTimestamp || this.cache.isAssumed(pod) || !this.#pending.has(info.key)) {
      this.queue.done(info.key);
      return;
    }
    const cycle = this.queue.schedulingCycle;
    this.cache.updateSnapshot(this.#snapshot);
    const state = new CycleState();
    const started = this.#clock.now();
    const outcome = schedulePod(fwk, state, pod, {
      snapshot: this.#snapshot,
      percentageOfNodesToScore: fwk.percentageOfNodesToScore ?? this.#percentage,
      startIndex: this.#startIndex,
      random: this.#random,
    });
    this.#startIndex = outcome.nextStart;
    if ('fitError' in outcome) {
      const fit = outcome.fitError;
      if (fwk.hasPostFilter()) {
        const post = fwk.runPostFilter(state, pod, fit.diagnosis.nodeToStatus);
        if (post.status.message()) fit.diagnosis.postFilterMsg = post.status.message();
      }
      return this.#failed(fwk, info, cycle, fit.message, 'Unschedulable', fit.diagnosis.unschedulablePlugins);
    }
    if ('error' in outcome) return this.#failed(fwk, info, cycle, outcome.error.message(), 'SchedulerError', new Set());
    const nodeName = outcome.result.suggestedHost;
    const assumed: Pod = { ...pod, spec: { ...pod.spec!, nodeName } };
    this.cache.assumePod(assumed);
    const reserve = fwk.runReserve(state, assumed, nodeName);
    if (!reserve.isSuccess()) {
      this.cache.forgetPod(assumed);
      return this.#failedStatus(fwk, info, cycle, reserve);
    }
    const permit = fwk.runPermit(state, assumed, nodeName, info.key);
    if (!permit.isSuccess() && permit.code !== Code.Wait) {
      fwk.runUnreserve(state, assumed, nodeName);
      this.cache.forgetPod(assumed);
      return this.#failedStatus(fwk, info, cycle, permit);
    }
    this.#logger.debug('pod assumed', { pod: info.key, node: nodeName, evaluated: outcome.result.evaluatedNodes, feasible: outcome.result.feasibleNodes, ms: this.#clock.now() - started });
    const binding = this.#bindingCycle(fwk, state, info, assumed, nodeName, cycle, signal).finally(() => this.#binding.delete(binding));
    this.#binding.add(binding);
  }

  async #bindingCycle(fwk: Framework, state: CycleState, info: QueuedPodInfo, assumed: Pod, nodeName: string, cycle: number, signal: AbortSignal): Promise<void> {
    let status = await fwk.waitOnPermit(info.key);
    if (status.isSuccess()) status = await fwk.runPreBind(state, assumed, nodeName, signal);
    if (status.isSuccess()) status = await fwk.runBind(state, assumed, nodeName, signal);
    if (status.isSuccess()) {
      this.queue.done(info.key);
      this.#logger.debug('pod bound', { pod: info.key, node: nodeName });
      await this.#api.event(fwk.schedulerName, assumed, 'Normal', 'Scheduled', `Successfully assigned ${info.key} to ${nodeName}`);
      return;
    }
    fwk.runUnreserve(state, assumed, nodeName);
    this.cache.forgetPod(assumed);
    // The assumed pod's resources are free again: pods it crowded out may fit now.
    this.queue.onEvent(ASSIGNED_POD_DELETE, assumed, undefined);
    this.#failedStatus(fwk, info, cycle, status);
  }

  #failedStatus(fwk: Framework, info: QueuedPodInfo, cycle: number, status: Status): void {
    const rejected = status.isRejected();
    const plugins = new Set(rejected && status.plugin ? [status.plugin] : []);
    const message = rejected ? status.message() : `running ${status.plugin ?? 'unknown'} plugin: ${status.message()}`;
    this.#failed(fwk, info, cycle, message, rejected ? 'Unschedulable' : 'SchedulerError', plugins);
  }

  /** Requeues the pod (unless it went away or got a node meanwhile), records the event and condition. */
  #failed(fwk: Framework, info: QueuedPodInfo, cycle: number, message: string, reason: 'Unschedulable' | 'SchedulerError', plugins: Set<string>): void {
    const current = this.#pending.get(info.key);
    if (!current) {
      this.queue.done(info.key);
      return;
    }
    this.queue.addUnschedulable({ ...info, unschedulablePlugins: plugins }, cycle);
    this.queue.done(info.key);
    this.#logger.info('unable to schedule pod', { pod: info.key, reason, message });
    void this.#api.event(fwk.schedulerName, current, 'Warning', 'FailedScheduling', message);
    void this.#setCondition(current, reason, message);
  }

  async #setCondition(pod: Pod, reason: string, message: string): Promise<void> {
    const old = (pod.status?.conditions ?? []).find((c) => c.type === 'PodScheduled');
    if (old && old.status === 'False' && old.reason === reason && old.message === message) return;
    const condition: PodCondition = { type: 'PodScheduled', status: 'False', reason, message, lastTransitionTime: new Date(this.#clock.now()).toISOString().replace(/\.\d+Z$/, 'Z') };
    try {
      await this.#api.patchPodStatus(pod, { status: { conditions: [condition] } });
    } catch (err) {
      this.#logger.warn('could not update pod condition', { pod: podKey(pod), err: String(err) });
    }
  }

  #forgetPending(pod: Pod): void {
    this.#pending.delete(podKey(pod));
    this.queue.delete(pod);
  }

  #frameworkFor(pod: Pod): Framework | undefined {
    return this.frameworks.get(pod.spec?.schedulerName ?? DEFAULT_SCHEDULER_NAME);
  }
}
