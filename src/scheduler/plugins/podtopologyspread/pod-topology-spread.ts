// PodTopologySpread: DoNotSchedule constraints filter nodes, ScheduleAnyway constraints score them.
// A pod without constraints gets the cluster defaults (args.defaultConstraints with
// defaultingType List, else upstream's system defaults: hostname maxSkew 3 and zone maxSkew 5,
// both ScheduleAnyway), applied only when it belongs to a Service or a workload controller.
import type { Node, Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1.d.ts';
import { ActionType, type ClusterEventWithHint } from '../../framework/events.ts';
import type { CycleState, EnqueueExtensions, FilterPlugin, Handle, NodeScore, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interface.ts';
import type { NodeInfo, PodInfo } from '../../framework/node-info.ts';
import { SKIP, SUCCESS, type Status } from '../../framework/status.ts';
import { constraintsFor, SYSTEM_DEFAULT_CONSTRAINTS } from './common.ts';
import { computeSpreadFilterState, filterSpread, type SpreadFilterState } from './filtering.ts';
import { computeSpreadScoreState, normalizeSpread, scoreSpread, type SpreadScoreState } from './scoring.ts';

export const NAME = 'PodTopologySpread';
const FILTER_KEY = 'PreFilter' + NAME;
const SCORE_KEY = 'PreScore' + NAME;

export interface PodTopologySpreadArgs {
  defaultConstraints?: TopologySpreadConstraint[];
  defaultingType?: 'System' | 'List';
}

export class PodTopologySpread implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = NAME;
  readonly #defaults: readonly TopologySpreadConstraint[];
  readonly #systemDefaulted: boolean;

  constructor(
    private readonly handle: Handle,
    args: PodTopologySpreadArgs = {},
  ) {
    const type = args.defaultingType ?? 'System';
    if (type !== 'System' && type !== 'List') throw new Error(`${NAME}: defaultingType must be System or List`);
    if (type === 'System' && args.defaultConstraints?.length) throw new Error(`${NAME}: defaultConstraints must be empty when defaultingType is System`);
    this.#systemDefaulted = type === 'System';
    this.#defaults = this.#systemDefaulted ? SYSTEM_DEFAULT_CONSTRAINTS : (args.defaultConstraints ?? []);
    for (const c of this.#defaults) {
      if (!(c.maxSkew > 0) || !c.topologyKey) throw new Error(`${NAME}: default constraints need maxSkew > 0 and a topologyKey`);
      if (c.labelSelector) throw new Error(`${NAME}: default constraints must not have a labelSelector`);
    }
  }

  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status {
    const { constraints } = constraintsFor(pod, 'DoNotSchedule', this.#defaults, this.handle.listers);
    if (!constraints.length) return SKIP;
    state.write(FILTER_KEY, computeSpreadFilterState(pod, constraints, nodes));
    return SUCCESS;
  }

  addPod(state: CycleState, _pod: Pod, added: PodInfo, node: NodeInfo): Status {
    state.read<SpreadFilterState>(FILTER_KEY)?.updateWithPod(added, node.node, 1);
    return SUCCESS;
  }

  removePod(state: CycleState, _pod: Pod, removed: PodInfo, node: NodeInfo): Status {
    state.read<SpreadFilterState>(FILTER_KEY)?.updateWithPod(removed, node.node, -1);
    return SUCCESS;
  }

  filter(state: CycleState, pod: Pod, node: NodeInfo): Status {
    const s = state.read<SpreadFilterState>(FILTER_KEY);
    return s ? filterSpread(s, pod, node) : SUCCESS;
  }

  preScore(state: CycleState, pod: Pod, filtered: readonly NodeInfo[]): Status {
    const all = this.handle.snapshot().nodeInfoList;
    if (!filtered.length || !all.length) return SKIP;
    const { constraints, defaulted } = constraintsFor(pod, 'ScheduleAnyway', this.#defaults, this.handle.listers);
    if (!constraints.length) return SKIP;
    const requireAllTopologies = !defaulted || !this.#systemDefaulted;
    state.write(SCORE_KEY, computeSpreadScoreState(pod, constraints, filtered, all, requireAllTopologies));
    return SUCCESS;
  }

  score(state: CycleState, pod: Pod, node: NodeInfo): number {
    const s = state.read<SpreadScoreState>(SCORE_KEY);
    return s ? scoreSpread(s, pod, node) : 0;
  }

  normalizeScore(state: CycleState, _pod: Pod, scores: NodeScore[]): Status {
    const s = state.read<SpreadScoreState>(SCORE_KEY);
    if (s) normalizeSpread(s, scores);
    return SUCCESS;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      // A matching pod arriving, leaving or relabelled changes the counts.
      { event: { resource: 'Pod', actionType: ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete }, hint: (pod, oldObj, newObj) => (involvesMatchingPod(pod, oldObj as Pod | undefined, newObj as Pod | undefined) ? 'Queue' : 'Skip') },
      // New domains, or nodes entering/leaving them.
      { event: { resource: 'Node', actionType: ActionType.Add | ActionType.Delete | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint }, hint: (pod, _old, cur) => (hasSpreadKeys(pod, cur as Node | undefined) ? 'Queue' : 'Skip') },
    ];
  }
}

/** A pod event matters if the changed pod is in the same namespace (its selector may match). */
function involvesMatchingPod(pod: Pod, oldPod: Pod | undefined, newPod: Pod | undefined): boolean {
  const ns = pod.metadata?.namespace;
  return [oldPod, newPod].some((p) => p?.metadata?.namespace === ns);
}

function hasSpreadKeys(pod: Pod, node: Node | undefined): boolean {
  const constraints = pod.spec?.topologySpreadConstraints ?? [];
  if (!node || !constraints.length) return true;
  const labels = node.metadata?.labels ?? {};
  return constraints.every((c) => Object.hasOwn(labels, c.topologyKey));
}

export const newPodTopologySpread = (args: unknown, handle: Handle): PodTopologySpread => new PodTopologySpread(handle, (args ?? {}) as PodTopologySpreadArgs);
