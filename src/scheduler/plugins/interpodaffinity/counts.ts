// How many matching pods each topology domain (topologyKey=value) holds, for InterPodAffinity's
// PreFilter state (upstream's topologyToMatchedTermCount).
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { Labels } from '../../../api/selectors/index.ts';
import { termMatches, type AffinityTerm } from '../../framework/affinity-terms.ts';

const pairKey = (key: string, value: string) => `${key}\u0000${value}`;

export class TopologyCounts {
  readonly #counts = new Map<string, number>();

  get size(): number {
    return this.#counts.size;
  }

  get(key: string, value: string): number {
    return this.#counts.get(pairKey(key, value)) ?? 0;
  }

  /** Adds `delta` to the domain of `node` under `topologyKey`; nodes without that label have no domain. */
  update(node: Node | undefined, topologyKey: string, delta: number): void {
    const labels = node?.metadata?.labels;
    if (!labels || !Object.hasOwn(labels, topologyKey)) return;
    const k = pairKey(topologyKey, labels[topologyKey]!);
    const n = (this.#counts.get(k) ?? 0) + delta;
    if (n === 0) this.#counts.delete(k);
    else this.#counts.set(k, n);
  }

  /** Every term that selects `pod` counts in its domain. */
  updateWithAntiAffinityTerms(terms: readonly AffinityTerm[], pod: Pod, nsLabels: Labels, node: Node | undefined, delta: number): void {
    for (const t of terms) if (termMatches(t, pod, nsLabels)) this.update(node, t.topologyKey, delta);
  }

  /** Affinity counts a pod only if it satisfies all the terms at once (upstream podMatchesAllAffinityTerms). */
  updateWithAffinityTerms(terms: readonly AffinityTerm[], pod: Pod, nsLabels: Labels, node: Node | undefined, delta: number): void {
    if (!podMatchesAllTerms(terms, pod, nsLabels)) return;
    for (const t of terms) this.update(node, t.topologyKey, delta);
  }

  clone(): TopologyCounts {
    const c = new TopologyCounts();
    for (const [k, v] of this.#counts) c.#counts.set(k, v);
    return c;
  }
}

export function podMatchesAllTerms(terms: readonly AffinityTerm[], pod: Pod, nsLabels: Labels): boolean {
  return terms.length > 0 && terms.every((t) => termMatches(t, pod, nsLabels));
}
