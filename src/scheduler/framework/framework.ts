// One profile's plugins, instantiated and ordered per extension point, and the code that runs them.
// Every plugin call goes through #call, so a throw becomes an Error status naming the plugin.
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { PluginRegistry } from '../plugins/registry.ts';
import { pluginsForPoint, mergedMultiPoint, type Profile } from './config.ts';
import type { ClusterEventWithHint } from './events.ts';
import {
  implementedPoints, MAX_NODE_SCORE, type BaseHandle, type BindPlugin, type CycleState, type EnqueueExtensions, type ExtensionPoint, type FilterPlugin, type FilterRunner, type Handle,
  type NodeScore, type NodeToStatus, type PermitPlugin, type Plugin, type PostFilterPlugin, type PostFilterResult, type PreBindPlugin,
  type PreFilterPlugin, type PreScorePlugin, type QueueSortPlugin, type ReservePlugin, type ScorePlugin,
} from './interface.ts';
import type { NodeInfo, PodInfo } from './node-info.ts';
import { Code, errorStatus, Status, SUCCESS } from './status.ts';
import type { WaitingPods } from './waiting-pods.ts';

interface Points {
  preFilter: PreFilterPlugin[];
  filter: FilterPlugin[];
  postFilter: PostFilterPlugin[];
  preScore: PreScorePlugin[];
  score: ScorePlugin[];
  reserve: ReservePlugin[];
  permit: PermitPlugin[];
  preBind: PreBindPlugin[];
  bind: BindPlugin[];
}

/** Builds every profile once with a stand-in handle, so a bad configuration fails at startup. */
export function validateProfiles(profiles: readonly Profile[], registry: PluginRegistry, handle: BaseHandle, waiting: WaitingPods): void {
  for (const p of profiles) new Framework(p, registry, handle, waiting);
}

export class Framework implements FilterRunner {
  readonly schedulerName: string;
  readonly percentageOfNodesToScore: number | undefined;
  readonly queueSort: QueueSortPlugin;
  /** Events each plugin registered, for the queue. */
  readonly pluginEvents = new Map<string, ClusterEventWithHint[]>();
  readonly #points: Points;
  readonly #weights = new Map<string, number>();
  readonly #waiting: WaitingPods;
  readonly #handle: BaseHandle;

  constructor(profile: Profile, registry: PluginRegistry, base: BaseHandle, waiting: WaitingPods) {
    this.schedulerName = profile.schedulerName;
    this.percentageOfNodesToScore = profile.percentageOfNodesToScore;
    this.#waiting = waiting;
    this.#handle = base;
    const handle: Handle = { ...base, runner: this };
    const args = new Map((profile.pluginConfig ?? []).map((c) => [c.name, c.args]));
    const instances = new Map<string, Plugin>();
    const instance = (name: string): Plugin => {
      let p = instances.get(name);
      if (!p) {
        const factory = registry[name];
        if (!factory) throw new Error(`profile "${profile.schedulerName}": unknown plugin "${name}"; known: ${Object.keys(registry).join(', ')}`);
        instances.set(name, (p = factory(args.get(name), handle)));
      }
      return p;
    };
    for (const ref of mergedMultiPoint(profile)) instance(ref.name);
    const resolve = <T extends Plugin>(point: ExtensionPoint): T[] => {
      const refs = pluginsForPoint(profile, point, (name) => implementedPoints(instance(name)).includes(point));
      return refs.map((ref) => {
        const p = instance(ref.name);
        if (!implementedPoints(p).includes(point)) throw new Error(`profile "${profile.schedulerName}": plugin ${ref.name} does not implement ${point}`);
        if (point === 'score') this.#weights.set(ref.name, ref.weight || 1);
        return p as T;
      });
    };
    const sorts = resolve<QueueSortPlugin>('queueSort');
    if (sorts.length !== 1) throw new Error(`profile "${profile.schedulerName}": exactly one queueSort plugin is required, got ${sorts.length}`);
    this.queueSort = sorts[0]!;
    this.#points = {
      preFilter: resolve('preFilter'), filter: resolve('filter'), postFilter: resolve('postFilter'), preScore: resolve('preScore'), score: resolve('score'),
      reserve: resolve('reserve'), permit: resolve('permit'), preBind: resolve('preBind'), bind: resolve('bind'),
    };
    if (!this.#points.bind.length) throw new Error(`profile "${profile.schedulerName}": at least one bind plugin is required`);
    for (const p of instances.values()) {
      const ext = p as Partial<EnqueueExtensions>;
      if (typeof ext.eventsToRegister === 'function') this.pluginEvents.set(p.name, ext.eventsToRegister());
    }
  }

  /** Plugin names per extension point, for logs and tests. */
  describe(): Record<string, string[]> {
    return Object.fromEntries(Object.entries(this.#points).map(([k, ps]) => [k, (ps as Plugin[]).map((p) => p.name)]));
  }

  /** The first non-success status, tagged with its plugin; Skip marks the plugin's Filter as skipped. */
  runPreFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status {
    for (const p of this.#points.preFilter) {
      const s = this.#call(p, () => p.preFilter(state, pod, nodes));
      if (s.isSkip()) state.skipFilterPlugins.add(p.name);
      else if (!s.isSuccess()) return s;
    }
    return SUCCESS;
  }

  runFilter(state: CycleState, pod: Pod, node: NodeInfo): Status {
    for (const p of this.#points.filter) {
      if (state.skipFilterPlugins.has(p.name)) continue;
      const s = this.#call(p, () => p.filter(state, pod, node));
      if (!s.isSuccess()) return s;
    }
    return SUCCESS;
  }

  /**
   * Upstream's RunFilterPluginsWithNominatedPods: when pods of equal or higher priority are nominated
   * to this node, the pod must fit with them there (so it does not take room preemption freed for
   * them) and also without them (pod affinity must not rely on pods that are not there yet).
   */
  runFilterWithNominatedPods(state: CycleState, pod: Pod, node: NodeInfo): Status {
    const priority = pod.spec?.priority ?? 0;
    const uid = pod.metadata?.uid;
    const nominated = this.#handle.nominator.nominatedPodsForNode(node.name).filter((p) => p.pod.metadata?.uid !== uid && (p.pod.spec?.priority ?? 0) >= priority);
    if (!nominated.length) return this.runFilter(state, pod, node);
    const withState = state.clone();
    const withNode = node.clone();
    for (const p of nominated) {
      withNode.addPod(p);
      const s = this.runPreFilterAddPod(withState, pod, p, withNode);
      if (!s.isSuccess()) return s;
    }
    const s = this.runFilter(withState, pod, withNode);
    if (!s.isSuccess()) return s;
    return this.runFilter(state, pod, node);
  }

  runPreFilterAddPod(state: CycleState, podToSchedule: Pod, added: PodInfo, node: NodeInfo): Status {
    for (const p of this.#points.preFilter) {
      if (!p.addPod || state.skipFilterPlugins.has(p.name)) continue;
      const s = this.#call(p, () => p.addPod!(state, podToSchedule, added, node));
      if (!s.isSuccess()) return s;
    }
    return SUCCESS;
  }

  runPreFilterRemovePod(state: CycleState, podToSchedule: Pod, removed: PodInfo, node: NodeInfo): Status {
    for (const p of this.#points.preFilter) {
      if (!p.removePod || state.skipFilterPlugins.has(p.name)) continue;
      const s = this.#call(p, () => p.removePod!(state, podToSchedule, removed, node));
      if (!s.isSuccess()) return s;
    }
    return SUCCESS;
  }

  hasPostFilter(): boolean {
    return this.#points.postFilter.length > 0;
  }

  /** The first plugin that succeeds (or fails hard) wins; else the last rejection. */
  runPostFilter(state: CycleState, pod: Pod, filtered: NodeToStatus): PostFilterResult {
    let last: PostFilterResult = { status: new Status(Code.Unschedulable) };
    for (const p of this.#points.postFilter) {
      let r: PostFilterResult;
      try {
        r = p.postFilter(state, pod, filtered);
      } catch (err) {
        r = { status: errorStatus(err) };
      }
      r = { ...r, status: r.status.withPlugin(p.name) };
      if (r.status.isSuccess() || r.status.code === Code.Error) return r;
      last = r;
    }
    return last;
  }

  hasScore(): boolean {
    return this.#points.score.length > 0;
  }

  runPreScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status {
    for (const p of this.#points.preScore) {
      const s = this.#call(p, () => p.preScore(state, pod, nodes));
      if (s.isSkip()) state.skipScorePlugins.add(p.name);
      else if (!s.isSuccess()) return s;
    }
    return SUCCESS;
  }

  /** Weighted sum of every Score plugin's normalized score per node, in `nodes` order. */
  runScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): NodeScore[] | Status {
    const totals: NodeScore[] = nodes.map((n) => ({ name: n.name, score: 0 }));
    for (const p of this.#points.score) {
      if (state.skipScorePlugins.has(p.name)) continue;
      const scores: NodeScore[] = [];
      for (const n of nodes) {
        let r: number | Status;
        try {
          r = p.score(state, pod, n);
        } catch (err) {
          r = errorStatus(err);
        }
        if (typeof r !== 'number') return new Status(Code.Error, [`plugin ${p.name} failed to score node ${n.name}: ${r.message()}`], p.name);
        scores.push({ name: n.name, score: r });
      }
      if (p.normalizeScore) {
        const s = this.#call(p, () => p.normalizeScore!(state, pod, scores));
        if (!s.isSuccess()) return s;
      }
      const weight = this.#weights.get(p.name) ?? 1;
      for (let i = 0; i < scores.length; i++) {
        const score = scores[i]!.score;
        if (score < 0 || score > MAX_NODE_SCORE) return new Status(Code.Error, [`plugin ${p.name} returns an invalid score ${score}, it should in the range of [0, ${MAX_NODE_SCORE}] after normalizing`], p.name);
        totals[i]!.score += score * weight;
      }
    }
    return totals;
  }

  /** Reserve in order; on the first failure unreserves every reserve plugin (in reverse) and answers it. */
  runReserve(state: CycleState, pod: Pod, nodeName: string): Status {
    for (const p of this.#points.reserve) {
      const s = this.#call(p, () => p.reserve(state, pod, nodeName));
      if (!s.isSuccess()) {
        this.runUnreserve(state, pod, nodeName);
        return s;
      }
    }
    return SUCCESS;
  }

  runUnreserve(state: CycleState, pod: Pod, nodeName: string): void {
    for (const p of [...this.#points.reserve].reverse()) this.#call(p, () => (p.unreserve(state, pod, nodeName), SUCCESS));
  }

  /** Success, a rejection, or Wait (the pod is then held in WaitingPods under `key`). */
  runPermit(state: CycleState, pod: Pod, nodeName: string, key: string): Status {
    const waits = new Map<string, number>();
    for (const p of this.#points.permit) {
      let r;
      try {
        r = p.permit(state, pod, nodeName);
      } catch (err) {
        r = { status: errorStatus(err) };
      }
      if (r.status.code === Code.Wait) waits.set(p.name, Math.min(r.timeoutMs ?? 15 * 60_000, 15 * 60_000));
      else if (!r.status.isSuccess()) return r.status.withPlugin(p.name);
    }
    if (!waits.size) return SUCCESS;
    this.#waiting.wait(key, waits);
    return new Status(Code.Wait);
  }

  waitOnPermit(key: string): Promise<Status> {
    return this.#waiting.result(key);
  }

  async runPreBind(state: CycleState, pod: Pod, nodeName: string, signal: AbortSignal): Promise<Status> {
    for (const p of this.#points.preBind) {
      const s = await this.#callAsync(p, () => p.preBind(state, pod, nodeName, signal));
      if (!s.isSuccess()) return s;
    }
    return SUCCESS;
  }

  /** Bind plugins in order until one does not Skip. */
  async runBind(state: CycleState, pod: Pod, nodeName: string, signal: AbortSignal): Promise<Status> {
    for (const p of this.#points.bind) {
      const s = await this.#callAsync(p, () => p.bind(state, pod, nodeName, signal));
      if (!s.isSkip()) return s;
    }
    return new Status(Code.Skip, ['all bind plugins skipped']);
  }

  #call(p: Plugin, fn: () => Status): Status {
    try {
      const s = fn();
      return s.isSuccess() ? s : s.withPlugin(p.name);
    } catch (err) {
      return errorStatus(err).withPlugin(p.name);
    }
  }

  async #callAsync(p: Plugin, fn: () => Promise<Status>): Promise<Status> {
    try {
      const s = await fn();
      return s.isSuccess() ? s : s.withPlugin(p.name);
    } catch (err) {
      return errorStatus(err).withPlugin(p.name);
    }
  }
}
