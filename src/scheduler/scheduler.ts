// The scheduler: informer events feed the cache (assigned pods, nodes) and the queue (pending
// pods); one loop pops a pod, runs the scheduling cycle against a fresh snapshot, assumes the pod
// on the chosen node and hands it to an asynchronous binding cycle, so the next pod is scheduled
// while binds are in flight. Everything it writes goes through SchedulerApi.
import type { Node, Pod, PodCondition } from 'kubernetes-types/core/v1.d.ts';
import type { Clock } from '../client/index.ts';
import type { Logger } from '../log/logger.ts';
import { Cache, Snapshot } from './framework/cache.ts';
import { DEFAULT_SCHEDULER_NAME, type SchedulerConfiguration } from './framework/config.ts';
import { ActionType, ASSIGNED_POD_ADD, ASSIGNED_POD_DELETE, assignedPodUpdateEvent, NODE_ADD, nodeUpdateEvent, type EventResource } from './framework/events.ts';
import { Framework } from './framework/framework.ts';
import { CycleState, type BaseHandle } from './framework/interface.ts';
import { staticListers, type Listers } from './framework/listers.ts';
import { podKey } from './framework/node-info.ts';
import { Code, type Status } from './framework/status.ts';
import { WaitingPods } from './framework/waiting-pods.ts';
import type { PluginRegistry } from './plugins/registry.ts';
import { Nominator } from './queue/nominator.ts';
import { SchedulingQueue, type QueuedPodInfo } from './queue/scheduling-queue.ts';
import { schedulePod } from './schedule-one.ts';

/** The scheduler's writes: small, so tests can record them. */
export interface SchedulerApi {
  bind(pod: Pod, nodeName: string, signal: AbortSignal): Promise<void>;
  /** Strategic-merge patch of the pod's status. */
  patchPodStatus(pod: Pod, patch: unknown): Promise<void>;
  /** Records an Event from the profile's scheduler name; never rejects. */
  event(schedulerName: string, pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string): Promise<void>;
  /** Deletes the pod (this uid only) with its own grace period; a pod already gone is not an error. */
  deletePod(pod: Pod): Promise<void>;
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
  /** Namespaces, volumes, budgets, workloads (default: none). */
  listers?: Listers;
}

export const isAssigned = (pod: Pod) => Boolean(pod.spec?.nodeName);
const isTerminal = (pod: Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

export class Scheduler {
  readonly cache = new Cache();
  readonly queue: SchedulingQueue;
  readonly nominator = new Nominator();
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
    const handle: BaseHandle = {
      snapshot: () => this.#snapshot,
      bindPod: (pod, node, signal) => this.#api.bind(pod, node, signal),
      clock: opts.clock,
      logger: this.#logger,
      listers: opts.listers ?? staticListers(),
      nominator: this.nominator,
      preemption: { preemptVictim: (victim, preemptor, node) => this.#preemptVictim(victim, preemptor, node), clearNomination: (pod) => this.#clearNomination(pod) },
      rejectWaitingPod: (key, plugin, message) => {
        if (!waiting.has(key)) return false;
        waiting.reject(key, plugin, message);
        return true;
      },
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
      this.nominator.update(pod);
      this.queue.add(pod);
    }
  }

  onPodUpdate(oldPod: Pod, pod: Pod): void {
    if (!isAssigned(pod)) {
      if (!this.responsibleFor(pod)) return;
      if (isTerminal(pod)) return this.onPodDelete(pod);
      this.#pending.set(podKey(pod), pod);
      this.nominator.update(pod);
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

  /** Another object some plugin registered for (PVCs, PVs, StorageClasses, Namespaces…) changed. */
  onObjectEvent(resource: EventResource, type: 'add' | 'update' | 'delete', oldObj: unknown, newObj: unknown): void {
    const actionType = type === 'add' ? ActionType.Add : type === 'delete' ? ActionType.Delete : ActionType.Update;
    this.queue.onEvent({ resource, actionType, label: `${resource}${type}` }, oldObj, newObj);
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
      let nominated: string | undefined;
      if (fwk.hasPostFilter()) {
        const post = fwk.runPostFilter(state, pod, fit.diagnosis.nodeToStatus);
        if (post.status.message()) fit.diagnosis.postFilterMsg = post.status.message();
        nominated = post.nominatedNodeName;
      }
      return this.#failed(fwk, info, cycle, fit.message, 'Unschedulable', fit.diagnosis.unschedulablePlugins, nominated);
    }
    if ('error' in outcome) return this.#failed(fwk, info, cycle, outcome.error.message(), 'SchedulerError', new Set());
    const nodeName = outcome.result.suggestedHost;
    const assumed: Pod = { ...pod, spec: { ...pod.spec!, nodeName } };
    this.cache.assumePod(assumed);
    this.nominator.remove(pod);
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

  /**
   * Requeues the pod (unless it went away or got a node meanwhile), records the event and condition,
   * and applies PostFilter's nomination (undefined: unchanged; '': cleared).
   */
  #failed(fwk: Framework, info: QueuedPodInfo, cycle: number, message: string, reason: 'Unschedulable' | 'SchedulerError', plugins: Set<string>, nominated?: string): void {
    const current = this.#pending.get(info.key);
    if (!current) {
      this.queue.done(info.key);
      return;
    }
    if (nominated !== undefined) this.nominator.nominate(current, nominated);
    this.queue.addUnschedulable({ ...info, unschedulablePlugins: plugins }, cycle);
    this.queue.done(info.key);
    this.#logger.info('unable to schedule pod', { pod: info.key, reason, message });
    void this.#api.event(fwk.schedulerName, current, 'Warning', 'FailedScheduling', message);
    void this.#updateStatus(current, reason, message, nominated);
  }

  /** The PodScheduled=False condition and status.nominatedNodeName, written only when they change. */
  async #updateStatus(pod: Pod, reason: string, message: string, nominated: string | undefined): Promise<void> {
    const old = (pod.status?.conditions ?? []).find((c) => c.type === 'PodScheduled');
    const status: Record<string, unknown> = {};
    if (!(old && old.status === 'False' && old.reason === reason && old.message === message)) {
      const condition: PodCondition = { type: 'PodScheduled', status: 'False', reason, message, lastTransitionTime: this.#timestamp() };
      status.conditions = [condition];
    }
    if (nominated !== undefined && nominated !== (pod.status?.nominatedNodeName ?? '')) status.nominatedNodeName = nominated || null;
    if (!Object.keys(status).length) return;
    try {
      await this.#api.patchPodStatus(pod, { status });
    } catch (err) {
      this.#logger.warn('could not update pod status', { pod: podKey(pod), err: String(err) });
    }
  }

  #timestamp(): string {
    return new Date(this.#clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
  }

  /** Upstream's PreemptPod: DisruptionTarget condition, delete (graceful), Preempted event on the victim. */
  async #preemptVictim(victim: Pod, preemptor: Pod, nodeName: string): Promise<void> {
    const schedulerName = preemptor.spec?.schedulerName ?? DEFAULT_SCHEDULER_NAME;
    const condition: PodCondition = { type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler', message: `${schedulerName}: preempting to accommodate a higher priority pod`, lastTransitionTime: this.#timestamp() };
    await this.#api.patchPodStatus(victim, { status: { conditions: [condition] } });
    await this.#api.deletePod(victim);
    await this.#api.event(schedulerName, victim, 'Normal', 'Preempted', `Preempted by pod ${preemptor.metadata?.uid ?? ''} on node ${nodeName}`);
  }

  async #clearNomination(pod: Pod): Promise<void> {
    this.nominator.remove(pod);
    if (pod.status?.nominatedNodeName) await this.#api.patchPodStatus(pod, { status: { nominatedNodeName: null } });
  }

  #forgetPending(pod: Pod): void {
    this.#pending.delete(podKey(pod));
    this.nominator.remove(pod);
    this.queue.delete(pod);
  }

  #frameworkFor(pod: Pod): Framework | undefined {
    return this.frameworks.get(pod.spec?.schedulerName ?? DEFAULT_SCHEDULER_NAME);
  }
}
