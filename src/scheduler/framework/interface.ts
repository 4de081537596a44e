// The scheduling framework's extension points: one small interface each, as upstream's
// pkg/scheduler/framework/interface.go. A plugin implements the ones it needs; the framework calls
// them in order and turns anything a plugin throws into an Error status.
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { Clock } from '../../client/index.ts';
import type { Logger } from '../../log/logger.ts';
import type { Snapshot } from './cache.ts';
import type { ClusterEventWithHint } from './events.ts';
import type { NodeInfo } from './node-info.ts';
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
}

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
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: Pod, node: NodeInfo): Status;
}

/** Why each node was rejected, keyed by node name. */
export type NodeToStatus = ReadonlyMap<string, Status>;

export interface PostFilterResult {
  status: Status;
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

/** What plugins get from the scheduler: the current snapshot, how to bind, time and logging. */
export interface Handle {
  snapshot(): Snapshot;
  /** POST pods/NAME/binding. */
  bindPod(pod: Pod, nodeName: string, signal: AbortSignal): Promise<void>;
  clock: Clock;
  logger: Logger;
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
