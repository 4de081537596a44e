// PodTopologySpread's ScheduleAnyway side (upstream podtopologyspread/scoring.go): a node scores the
// matching pods in its domains, each constraint weighted by log(domains + 2) plus maxSkew − 1, so
// fewer is better; normalization turns that around onto 0..100. Hostname domains are counted per
// node at Score time. With the pod's own constraints, nodes lacking a topology key score 0.
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { MAX_NODE_SCORE, type NodeScore } from '../../framework/interface.ts';
import type { NodeInfo } from '../../framework/node-info.ts';
import { countMatching, includesNode, LABEL_HOSTNAME, nodeHasAllKeys, type Constraint } from './common.ts';

export interface SpreadScoreState {
  constraints: readonly Constraint[];
  ignoredNodes: Set<string>;
  /** Per constraint: domain value → matching pods (unused for hostname). */
  counts: Map<string, number>[];
  weights: number[];
}

export function computeSpreadScoreState(pod: Pod, constraints: readonly Constraint[], filtered: readonly NodeInfo[], allNodes: readonly NodeInfo[], requireAllTopologies: boolean): SpreadScoreState {
  const ignoredNodes = new Set<string>();
  const counts = constraints.map(() => new Map<string, number>());
  for (const n of filtered) {
    if (requireAllTopologies && !nodeHasAllKeys(n.node, constraints)) {
      ignoredNodes.add(n.name);
      continue;
    }
    constraints.forEach((c, i) => {
      if (c.topologyKey === LABEL_HOSTNAME) return;
      // Without requireAllTopologies a node lacking the key forms the "" domain, as upstream counts it.
      const value = n.node?.metadata?.labels?.[c.topologyKey] ?? '';
      if (!counts[i]!.has(value)) counts[i]!.set(value, 0);
    });
  }
  const weights = constraints.map((c, i) => Math.log((c.topologyKey === LABEL_HOSTNAME ? filtered.length - ignoredNodes.size : counts[i]!.size) + 2));
  const ns = pod.metadata?.namespace ?? '';
  for (const n of allNodes) {
    const node = n.node;
    if (!node || (requireAllTopologies && !nodeHasAllKeys(node, constraints))) continue;
    constraints.forEach((c, i) => {
      if (!includesNode(c, pod, node)) return;
      const value = node.metadata?.labels?.[c.topologyKey] ?? '';
      // Only domains of candidate nodes matter; hostname is counted at Score time.
      if (!counts[i]!.has(value)) return;
      counts[i]!.set(value, counts[i]!.get(value)! + countMatching(n.pods, c.selector, ns));
    });
  }
  return { constraints, ignoredNodes, counts, weights };
}

export function scoreSpread(state: SpreadScoreState, pod: Pod, node: NodeInfo): number {
  if (state.ignoredNodes.has(node.name)) return 0;
  const labels = node.node?.metadata?.labels ?? {};
  let score = 0;
  state.constraints.forEach((c, i) => {
    if (!Object.hasOwn(labels, c.topologyKey)) return;
    const count = c.topologyKey === LABEL_HOSTNAME ? countMatching(node.pods, c.selector, pod.metadata?.namespace ?? '') : (state.counts[i]!.get(labels[c.topologyKey]!) ?? 0);
    score += count * state.weights[i]! + (c.maxSkew - 1);
  });
  return Math.round(score);
}

export function normalizeSpread(state: SpreadScoreState, scores: NodeScore[]): void {
  let min = Infinity;
  let max = 0;
  for (const s of scores) {
    if (state.ignoredNodes.has(s.name)) continue;
    min = Math.min(min, s.score);
    max = Math.max(max, s.score);
  }
  for (const s of scores) {
    if (state.ignoredNodes.has(s.name)) s.score = 0;
    else if (max === 0) s.score = MAX_NODE_SCORE;
    else s.score = Math.trunc((MAX_NODE_SCORE * (max + min - s.score)) / max);
  }
}
