// InterPodAffinity's PreFilter and Filter (upstream interpodaffinity/filtering.go): counts per
// topology domain of (a) existing pods whose required anti-affinity selects the incoming pod,
// (b) pods matching all of the incoming pod's required affinity terms, (c) pods matching any of its
// required anti-affinity terms. A node passes when each affinity term's domain has a match (or no
// pod anywhere matches and the pod matches its own terms: the first of a group), no anti-affinity
// term's domain does, and no existing pod's anti-affinity covers the node's domains.
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { Labels } from '../../../api/selectors/index.ts';
import { podAffinityTerms, type PodAffinityTerms } from '../../framework/affinity-terms.ts';
import type { NodeInfo, PodInfo } from '../../framework/node-info.ts';
import { SUCCESS, unresolvable, unschedulable, type Status } from '../../framework/status.ts';
import { podMatchesAllTerms, TopologyCounts } from './counts.ts';

export const REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
export const REASON_AFFINITY = "node(s) didn't match pod affinity rules";
export const REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";

export class FilterState {
  constructor(
    readonly pod: Pod,
    readonly terms: PodAffinityTerms,
    /** Labels of the incoming pod's namespace, for existing pods' namespaceSelectors. */
    readonly nsLabels: Labels,
    readonly existingAntiAffinity: TopologyCounts,
    readonly affinity: TopologyCounts,
    readonly antiAffinity: TopologyCounts,
  ) {}

  clone(): FilterState {
    return new FilterState(this.pod, this.terms, this.nsLabels, this.existingAntiAffinity.clone(), this.affinity.clone(), this.antiAffinity.clone());
  }

  /** AddPod (+1) / RemovePod (−1): `other` joins or leaves `node`. */
  updateWithPod(other: PodInfo, node: Node | undefined, delta: number, nsLabelsOf: (ns: string) => Labels): void {
    this.existingAntiAffinity.updateWithAntiAffinityTerms(other.terms.requiredAntiAffinity, this.pod, this.nsLabels, node, delta);
    const otherNs = nsLabelsOf(other.pod.metadata?.namespace ?? '');
    this.affinity.updateWithAffinityTerms(this.terms.requiredAffinity, other.pod, otherNs, node, delta);
    this.antiAffinity.updateWithAntiAffinityTerms(this.terms.requiredAntiAffinity, other.pod, otherNs, node, delta);
  }
}

/** Undefined when there is nothing to check (the plugin then skips Filter). */
export function computeFilterState(pod: Pod, allNodes: readonly NodeInfo[], antiAffinityNodes: readonly NodeInfo[], nsLabelsOf: (ns: string) => Labels): FilterState | undefined {
  const terms = podAffinityTerms(pod);
  const hasRequired = terms.requiredAffinity.length > 0 || terms.requiredAntiAffinity.length > 0;
  if (!hasRequired && !antiAffinityNodes.length) return undefined;
  const nsLabels = nsLabelsOf(pod.metadata?.namespace ?? '');
  const state = new FilterState(pod, terms, nsLabels, new TopologyCounts(), new TopologyCounts(), new TopologyCounts());
  for (const n of antiAffinityNodes) {
    for (const p of n.podsWithRequiredAntiAffinity) state.existingAntiAffinity.updateWithAntiAffinityTerms(p.terms.requiredAntiAffinity, pod, nsLabels, n.node, 1);
  }
  if (hasRequired) {
    for (const n of allNodes) {
      if (!n.node?.metadata?.labels) continue;
      for (const p of n.pods) {
        const otherNs = nsLabelsOf(p.pod.metadata?.namespace ?? '');
        state.affinity.updateWithAffinityTerms(terms.requiredAffinity, p.pod, otherNs, n.node, 1);
        state.antiAffinity.updateWithAntiAffinityTerms(terms.requiredAntiAffinity, p.pod, otherNs, n.node, 1);
      }
    }
  }
  return state;
}

export function filterNode(state: FilterState, node: NodeInfo): Status {
  const labels = node.node?.metadata?.labels ?? {};
  if (!satisfiesAffinity(state, labels)) return unresolvable(REASON_AFFINITY);
  for (const t of state.terms.requiredAntiAffinity) {
    if (Object.hasOwn(labels, t.topologyKey) && state.antiAffinity.get(t.topologyKey, labels[t.topologyKey]!) > 0) return unschedulable(REASON_ANTI_AFFINITY);
  }
  if (state.existingAntiAffinity.size > 0) {
    for (const [k, v] of Object.entries(labels)) if (state.existingAntiAffinity.get(k, v) > 0) return unschedulable(REASON_EXISTING_ANTI_AFFINITY);
  }
  return SUCCESS;
}

function satisfiesAffinity(state: FilterState, labels: Record<string, string>): boolean {
  let podsExist = true;
  for (const t of state.terms.requiredAffinity) {
    // Every topology key must be present on the node.
    if (!Object.hasOwn(labels, t.topologyKey)) return false;
    if (state.affinity.get(t.topologyKey, labels[t.topologyKey]!) <= 0) podsExist = false;
  }
  if (podsExist) return true;
  // The first pod of a group with affinity to itself: allowed anywhere while no pod matches at all.
  return state.affinity.size === 0 && podMatchesAllTerms(state.terms.requiredAffinity, state.pod, state.nsLabels);
}
