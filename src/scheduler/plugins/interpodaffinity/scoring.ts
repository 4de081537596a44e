// InterPodAffinity's scoring (upstream interpodaffinity/scoring.go): every topology domain earns
// the weights of the incoming pod's preferred terms that existing pods there satisfy (minus for
// anti-affinity), of existing pods' preferred terms the incoming pod satisfies, and of existing pods'
// required affinity terms it satisfies (× hardPodAffinityWeight). A node scores the sum over its
// domains; normalization maps the range min..max onto 0..100.
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { Labels } from '../../../api/selectors/index.ts';
import { podAffinityTerms, termMatches, type AffinityTerm, type PodAffinityTerms, type WeightedAffinityTerm } from '../../framework/affinity-terms.ts';
import { MAX_NODE_SCORE, type NodeScore } from '../../framework/interface.ts';
import type { NodeInfo, PodInfo } from '../../framework/node-info.ts';

/** topologyKey → value → score. */
export type TopologyScore = Map<string, Map<string, number>>;

export interface ScoreArgs {
  hardPodAffinityWeight: number;
  ignorePreferredTermsOfExistingPods: boolean;
}

function addTerm(scores: TopologyScore, term: AffinityTerm, weight: number, pod: Pod, nsLabels: Labels, node: Node): void {
  const labels = node.metadata?.labels ?? {};
  if (!Object.hasOwn(labels, term.topologyKey) || !termMatches(term, pod, nsLabels)) return;
  let values = scores.get(term.topologyKey);
  if (!values) scores.set(term.topologyKey, (values = new Map()));
  const v = labels[term.topologyKey]!;
  values.set(v, (values.get(v) ?? 0) + weight);
}

const addTerms = (scores: TopologyScore, terms: readonly WeightedAffinityTerm[], pod: Pod, nsLabels: Labels, node: Node, sign: number) => {
  for (const t of terms) addTerm(scores, t, t.weight * sign, pod, nsLabels, node);
};

/** Undefined when there is nothing to score (PreScore then answers Skip). */
export function computeTopologyScore(pod: Pod, allNodes: readonly NodeInfo[], nodesWithAffinityPods: readonly NodeInfo[], args: ScoreArgs, nsLabelsOf: (ns: string) => Labels): TopologyScore | undefined {
  const terms: PodAffinityTerms = podAffinityTerms(pod);
  const hasConstraints = terms.preferredAffinity.length > 0 || terms.preferredAntiAffinity.length > 0;
  if (args.ignorePreferredTermsOfExistingPods && !hasConstraints) return undefined;
  const nsLabels = nsLabelsOf(pod.metadata?.namespace ?? '');
  const scores: TopologyScore = new Map();
  // Unless the incoming pod has preferences, only pods with affinity terms can contribute.
  for (const n of hasConstraints ? allNodes : nodesWithAffinityPods) {
    const node = n.node;
    if (!node?.metadata?.labels || !Object.keys(node.metadata.labels).length) continue;
    for (const existing of hasConstraints ? n.pods : n.podsWithAffinity) addExistingPod(scores, terms, pod, nsLabels, existing, node, args, nsLabelsOf);
  }
  return scores.size ? scores : undefined;
}

function addExistingPod(scores: TopologyScore, terms: PodAffinityTerms, pod: Pod, nsLabels: Labels, existing: PodInfo, node: Node, args: ScoreArgs, nsLabelsOf: (ns: string) => Labels): void {
  const existingNs = nsLabelsOf(existing.pod.metadata?.namespace ?? '');
  addTerms(scores, terms.preferredAffinity, existing.pod, existingNs, node, 1);
  addTerms(scores, terms.preferredAntiAffinity, existing.pod, existingNs, node, -1);
  if (args.hardPodAffinityWeight > 0) for (const t of existing.terms.requiredAffinity) addTerm(scores, t, args.hardPodAffinityWeight, pod, nsLabels, node);
  addTerms(scores, existing.terms.preferredAffinity, pod, nsLabels, node, 1);
  addTerms(scores, existing.terms.preferredAntiAffinity, pod, nsLabels, node, -1);
}

export function scoreNode(scores: TopologyScore, node: NodeInfo): number {
  const labels = node.node?.metadata?.labels ?? {};
  let total = 0;
  for (const [key, values] of scores) if (Object.hasOwn(labels, key)) total += values.get(labels[key]!) ?? 0;
  return total;
}

/** min..max → 0..MAX_NODE_SCORE; all equal → 0. */
export function normalize(scores: NodeScore[]): void {
  let min = Infinity;
  let max = -Infinity;
  for (const s of scores) {
    min = Math.min(min, s.score);
    max = Math.max(max, s.score);
  }
  const diff = max - min;
  for (const s of scores) s.score = diff > 0 ? Math.trunc((MAX_NODE_SCORE * (s.score - min)) / diff) : 0;
}
