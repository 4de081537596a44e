// PodTopologySpread's DoNotSchedule side (upstream podtopologyspread/filtering.go): per constraint,
// how many matching pods each domain holds among the nodes that count, and the global minimum.
// A node passes when its domain's count + 1 (if the pod matches its own selector) − minimum ≤ maxSkew;
// with fewer domains than minDomains the minimum is taken as 0.
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { NodeInfo, PodInfo } from '../../framework/node-info.ts';
import { SUCCESS, unresolvable, unschedulable, type Status } from '../../framework/status.ts';
import { countMatching, includesNode, nodeHasAllKeys, type Constraint } from './common.ts';

export const REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const REASON_NODE_LABEL_NOT_MATCH = REASON_CONSTRAINTS_NOT_MATCH + ' (missing required label)';

export class SpreadFilterState {
  constructor(
    readonly pod: Pod,
    readonly constraints: readonly Constraint[],
    /** Per constraint: domain value → matching pods. */
    readonly counts: Map<string, number>[],
    /** Per constraint: the smallest count over its domains. */
    readonly mins: number[],
  ) {}

  clone(): SpreadFilterState {
    return new SpreadFilterState(this.pod, this.constraints, this.counts.map((m) => new Map(m)), [...this.mins]);
  }

  /** AddPod (+1) / RemovePod (−1) of `other` on `node`. */
  updateWithPod(other: PodInfo, node: Node | undefined, delta: number): void {
    if (!node || other.pod.metadata?.namespace !== this.pod.metadata?.namespace || !nodeHasAllKeys(node, this.constraints)) return;
    const labels = other.pod.metadata?.labels ?? {};
    this.constraints.forEach((c, i) => {
      if (!c.selector.matches(labels) || !includesNode(c, this.pod, node)) return;
      const value = node.metadata!.labels![c.topologyKey]!;
      const counts = this.counts[i]!;
      counts.set(value, (counts.get(value) ?? 0) + delta);
      this.mins[i] = minOf(counts);
    });
  }
}

const minOf = (counts: Map<string, number>) => (counts.size ? Math.min(...counts.values()) : 0);

export function computeSpreadFilterState(pod: Pod, constraints: readonly Constraint[], nodes: readonly NodeInfo[]): SpreadFilterState {
  const counts = constraints.map(() => new Map<string, number>());
  const ns = pod.metadata?.namespace ?? '';
  for (const n of nodes) {
    const node = n.node;
    if (!node || !nodeHasAllKeys(node, constraints)) continue;
    constraints.forEach((c, i) => {
      if (!includesNode(c, pod, node)) return;
      const value = node.metadata!.labels![c.topologyKey]!;
      const m = counts[i]!;
      m.set(value, (m.get(value) ?? 0) + countMatching(n.pods, c.selector, ns));
    });
  }
  const mins = counts.map((m) => {
    let min = Infinity;
    for (const v of m.values()) if (v < min) min = v;
    return min === Infinity ? 0 : min;
  });
  return new SpreadFilterState(pod, constraints, counts, mins);
}

export function filterSpread(state: SpreadFilterState, pod: Pod, node: NodeInfo): Status {
  const labels = node.node?.metadata?.labels ?? {};
  const podLabels = pod.metadata?.labels ?? {};
  for (let i = 0; i < state.constraints.length; i++) {
    const c = state.constraints[i]!;
    if (!Object.hasOwn(labels, c.topologyKey)) return unresolvable(REASON_NODE_LABEL_NOT_MATCH);
    const counts = state.counts[i]!;
    const min = counts.size < c.minDomains ? 0 : state.mins[i]!;
    const self = c.selector.matches(podLabels) ? 1 : 0;
    const skew = (counts.get(labels[c.topologyKey]!) ?? 0) + self - min;
    if (skew > c.maxSkew) return unschedulable(REASON_CONSTRAINTS_NOT_MATCH);
  }
  return SUCCESS;
}
