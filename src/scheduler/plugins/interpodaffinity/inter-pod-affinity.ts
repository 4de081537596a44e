// InterPodAffinity: required pod affinity/anti-affinity (and the symmetry of existing pods' required
// anti-affinity) filter nodes; preferred terms and existing pods' terms score them.
// Args as upstream's InterPodAffinityArgs: hardPodAffinityWeight (default 1, 0..100),
// ignorePreferredTermsOfExistingPods (default false).
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { Labels } from '../../../api/selectors/index.ts';
import { podAffinityTerms, termMatches, type AffinityTerm } from '../../framework/affinity-terms.ts';
import { ActionType, type ClusterEventWithHint } from '../../framework/events.ts';
import type { CycleState, EnqueueExtensions, FilterPlugin, Handle, NodeScore, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interface.ts';
import type { NodeInfo, PodInfo } from '../../framework/node-info.ts';
import { SKIP, SUCCESS, type Status } from '../../framework/status.ts';
import { computeFilterState, filterNode, type FilterState } from './filtering.ts';
import { computeTopologyScore, normalize, scoreNode, type ScoreArgs, type TopologyScore } from './scoring.ts';

export const NAME = 'InterPodAffinity';
const FILTER_KEY = 'PreFilter' + NAME;
const SCORE_KEY = 'PreScore' + NAME;

export interface InterPodAffinityArgs {
  hardPodAffinityWeight?: number;
  ignorePreferredTermsOfExistingPods?: boolean;
}

export class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = NAME;
  readonly #args: ScoreArgs;

  constructor(
    private readonly handle: Handle,
    args: InterPodAffinityArgs = {},
  ) {
    const weight = args.hardPodAffinityWeight ?? 1;
    if (!Number.isInteger(weight) || weight < 0 || weight > 100) throw new Error(`${NAME}: hardPodAffinityWeight must be an integer in 0..100`);
    this.#args = { hardPodAffinityWeight: weight, ignorePreferredTermsOfExistingPods: args.ignorePreferredTermsOfExistingPods ?? false };
  }

  preFilter(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status {
    const s = computeFilterState(pod, nodes, this.handle.snapshot().havePodsWithRequiredAntiAffinityList, this.#nsLabels());
    if (!s) return SKIP;
    state.write(FILTER_KEY, s);
    return SUCCESS;
  }

  addPod(state: CycleState, _pod: Pod, added: PodInfo, node: NodeInfo): Status {
    state.read<FilterState>(FILTER_KEY)?.updateWithPod(added, node.node, 1, this.#nsLabels());
    return SUCCESS;
  }

  removePod(state: CycleState, _pod: Pod, removed: PodInfo, node: NodeInfo): Status {
    state.read<FilterState>(FILTER_KEY)?.updateWithPod(removed, node.node, -1, this.#nsLabels());
    return SUCCESS;
  }

  filter(state: CycleState, _pod: Pod, node: NodeInfo): Status {
    const s = state.read<FilterState>(FILTER_KEY);
    return s ? filterNode(s, node) : SUCCESS;
  }

  preScore(state: CycleState, pod: Pod, nodes: readonly NodeInfo[]): Status {
    if (!nodes.length) return SKIP;
    const snapshot = this.handle.snapshot();
    const scores = computeTopologyScore(pod, snapshot.nodeInfoList, snapshot.havePodsWithAffinityList, this.#args, this.#nsLabels());
    if (!scores) return SKIP;
    state.write(SCORE_KEY, scores);
    return SUCCESS;
  }

  score(state: CycleState, _pod: Pod, node: NodeInfo): number {
    const scores = state.read<TopologyScore>(SCORE_KEY);
    return scores ? scoreNode(scores, node) : 0;
  }

  normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): Status {
    normalize(scores);
    return SUCCESS;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      // An assigned pod that matches an affinity term may satisfy it; one that matched an
      // anti-affinity term (or had anti-affinity of its own) may free a domain when it goes.
      { event: { resource: 'Pod', actionType: ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete }, hint: (pod, oldObj, newObj) => podChangeMayHelp(pod, oldObj as Pod | undefined, newObj as Pod | undefined) },
      { event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel } },
    ];
  }

  /** Namespace labels through the lister, looked up once per namespace per call site. */
  #nsLabels(): (ns: string) => Labels {
    const memo = new Map<string, Labels>();
    return (ns) => {
      if (!memo.has(ns)) memo.set(ns, this.handle.listers.namespace(ns)?.metadata?.labels ?? {});
      return memo.get(ns);
    };
  }
}

function podChangeMayHelp(pod: Pod, oldPod: Pod | undefined, newPod: Pod | undefined): 'Queue' | 'Skip' {
  const terms = podAffinityTerms(pod);
  const any = (ts: readonly AffinityTerm[], p: Pod | undefined) => Boolean(p) && ts.some((t) => termMatches(t, p!, undefined));
  if (any(terms.requiredAffinity, newPod) || any(terms.requiredAntiAffinity, oldPod)) return 'Queue';
  if (oldPod && podAffinityTerms(oldPod).requiredAntiAffinity.length) return 'Queue';
  return terms.requiredAffinity.length || terms.requiredAntiAffinity.length ? 'Skip' : 'Queue';
}

export const newInterPodAffinity = (args: unknown, handle: Handle): InterPodAffinity => new InterPodAffinity(handle, (args ?? {}) as InterPodAffinityArgs);
