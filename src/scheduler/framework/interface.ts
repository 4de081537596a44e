// The scheduling framework's extension points: one small interface each, as upstream's
// pkg/scheduler/framework/interface.go. A plugin implements the ones it needs; the framework calls
// them in order and turns anything a plugin throws into an Error status.
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { Clock } from '../../client/index.ts';
import type { Logger } from '../../log/logger.ts';
import type { Snapshot } from './cache.ts';
import type { ClusterEventWithHint } from './events.ts';
import type { Listers } from './listers.ts';
import type { NodeInfo, PodInfo } from './node-info.ts';
import type { Status } from './status.ts';

/** Highest score a Score plugin may give after normalization. */
export const MAX_NODE_SCORE = 100;

/** Per-cycle scratch space plugins share between their own extension points (PreFilter → Filter). */
export class CycleState {
  readonly #data = new Map<string, unknown>();
  /** Plugins whose PreFilter answered Skip: their Filter is not run this cycle. */
  readonly skipFilterPlugins = new Set<string>();
  /** Plugins whose PreScore answered Skip: their Score is not run this cycle. */
  readonly skipScorePlugins = new Set<string>();

  write(key: string, value: unknown): void {
    this.#data.set(key, value);
  }

  read<T>(key: string): T | undefined {
    return this.#data.get(key) as T | undefined;
  }

  /**
   * A copy for what-if runs (preemption, nominated pods): values with a clone() method are cloned,
   * the rest are shared, so PreFilter state that AddPod/RemovePod change must be cloneable.
   */
  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.#data) c.#data.set(k, isCloneable(v) ? v.clone() : v);
    for (const p of this.skipFilterPlugins) c.skipFilterPlugins.add(p);
    for (const p of this.skipScorePlugins) c.skipScorePlugins.add(p);
    return c;
  }
}

const isCloneable = (v: unknown): v is { clone(): unknown } => typeof (v as { clone?: unknown } | null)?.clone === 'function';

export interface Plugin {
  readonly name: string;
}

/** Orders the active queue; exactly one per profile. */
export interface QueueSortPlugin extends Plugin {
  less(a: QueuedPod, b: QueuedPod): boolean;
}

/** What the queue knows of a pod waiting to be scheduled. */
export interface QueuedPod {
  pod: Pod;
  /** When it (re-)entered the queue, ms since the epoch. */
  timestamp: number;
}

export interface PreFilterPlugin extends Plugin {
  /** Computes per-cycle state or rejects the pod outright for every node. */
  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status;
  /**
   * PreFilter extensions: update this cycle's state as if `added` ran on `node` (already added to
   * `node`), for nominated pods and preemption's what-ifs. Plugins whose state depends on other pods
   * must implement both.
   */
  addPod?(state: CycleState, podToSchedule: Pod, added: PodInfo, node: NodeInfo): Status;
  removePod?(state: CycleState, podToSchedule: Pod, removed: PodInfo, node: NodeInfo): Status;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: Pod, node: NodeInfo): Status;
}

/** Why each node was rejected, keyed by node name. */
export type NodeToStatus = ReadonlyMap<string, Status>;

export interface PostFilterResult {
  status: Status;
  /** Undefined keeps the pod's nomination as it is; '' clears it; a name nominates the pod there. */
  nominatedNodeName?: string;
}

/** Runs when no node fits, e.g. preemption. */
export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: Pod, filtered: NodeToStatus): PostFilterResult;
}

export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status;
}

export interface NodeScore {
  name: string;
  score: number;
}

export interface ScorePlugin extends Plugin {
  /** A score for one feasible node, or a Status on failure. */
  score(state: CycleState, pod: Pod, node: NodeInfo): number | Status;
  /** Rescales this plugin's scores in place to 0..MAX_NODE_SCORE. */
  normalizeScore?(state: CycleState, pod: Pod, scores: NodeScore[]): Status;
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: Pod, nodeName: string): Status;
  /** Undoes reserve; must be idempotent and may run without reserve having run. */
  unreserve(state: CycleState, pod: Pod, nodeName: string): void;
}

export interface PermitResult {
  status: Status;
  /** With a Wait status: how long to wait before rejecting. */
  timeoutMs?: number;
}

export interface PermitPlugin extends Plugin {
  permit(state: CycleState, pod: Pod, nodeName: string): PermitResult;
}

export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, pod: Pod, nodeName: string, signal: AbortSignal): Promise<Status>;
}

export interface BindPlugin extends Plugin {
  /** Skip lets the next bind plugin handle the pod. */
  bind(state: CycleState, pod: Pod, nodeName: string, signal: AbortSignal): Promise<Status>;
}

/** A plugin that says which cluster events may make the pods it rejected schedulable. */
export interface EnqueueExtensions {
  eventsToRegister(): ClusterEventWithHint[];
}

/** Pods nominated to nodes by preemption, not yet bound (upstream's PodNominator). */
export interface NominatedPods {
  nominatedPodsForNode(nodeName: string): readonly PodInfo[];
  /** The node `pod` is nominated to (by us or its status), if any. */
  nominatedNodeOf(pod: Pod): string | undefined;
}

/** The writes preemption makes, through the API server. */
export interface PreemptionApi {
  /** Marks the victim with a DisruptionTarget condition, deletes it and records a Preempted event. */
  preemptVictim(victim: Pod, preemptor: Pod, nodeName: string): Promise<void>;
  /** Clears status.nominatedNodeName of a pod that lost its nomination. */
  clearNomination(pod: Pod): Promise<void>;
}

/** What plugins get from the scheduler: the current snapshot, how to bind, time and logging. */
export interface BaseHandle {
  snapshot(): Snapshot;
  /** POST pods/NAME/binding. */
  bindPod(pod: Pod, nodeName: string, signal: AbortSignal): Promise<void>;
  clock: Clock;
  logger: Logger;
  listers: Listers;
  nominator: NominatedPods;
  preemption: PreemptionApi;
  /** Rejects a pod held at Permit; false when it is not waiting. */
  rejectWaitingPod(key: string, plugin: string, message: string): boolean;
}

/** What one profile's framework runs for its plugins (preemption re-runs the filters). */
export interface FilterRunner {
  readonly schedulerName: string;
  /** Filters `node`, first as if the nominated pods of equal or higher priority were already on it. */
  runFilterWithNominatedPods(state: CycleState, pod: Pod, node: NodeInfo): Status;
  runPreFilterAddPod(state: CycleState, podToSchedule: Pod, added: PodInfo, node: NodeInfo): Status;
  runPreFilterRemovePod(state: CycleState, podToSchedule: Pod, removed: PodInfo, node: NodeInfo): Status;
}

/** The handle a plugin receives: the scheduler's, plus its own profile's runner. */
export interface Handle extends BaseHandle {
  runner: FilterRunner;
}

export type PluginFactory = (args: unknown, handle: Handle) => Plugin;

export type ExtensionPoint =
  | 'queueSort'
  | 'preFilter'
  | 'filter'
  | 'postFilter'
  | 'preScore'
  | 'score'
  | 'reserve'
  | 'permit'
  | 'preBind'
  | 'bind';

/** Which extension points a plugin object implements, by its methods. */
export function implementedPoints(p: Plugin): ExtensionPoint[] {
  const has = (m: string) => typeof (p as unknown as Record<string, unknown>)[m] === 'function';
  const points: [ExtensionPoint, string][] = [
    ['queueSort', 'less'],
    ['preFilter', 'preFilter'],
    ['filter', 'filter'],
    ['postFilter', 'postFilter'],
    ['preScore', 'preScore'],
    ['score', 'score'],
    ['reserve', 'reserve'],
    ['permit', 'permit'],
    ['preBind', 'preBind'],
    ['bind', 'bind'],
  ];
  return points.filter(([, m]) => has(m)).map(([point]) => point);
}
