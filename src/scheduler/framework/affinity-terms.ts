// Pod (anti-)affinity terms parsed once per pod (upstream's framework.AffinityTerm): the label
// selector compiled, the namespaces defaulted. A term with neither namespaces nor namespaceSelector
// applies to the owning pod's namespace; an empty namespaceSelector selects every namespace.
import type { Pod, PodAffinityTerm, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1.d.ts';
import { nothing, selectorFromObject, type Labels, type Selector } from '../../api/selectors/index.ts';

export interface AffinityTerm {
  selector: Selector;
  namespaces: ReadonlySet<string>;
  /** Undefined when the term has no namespaceSelector. */
  namespaceSelector: Selector | undefined;
  topologyKey: string;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  weight: number;
}

export interface PodAffinityTerms {
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  preferredAffinity: WeightedAffinityTerm[];
  preferredAntiAffinity: WeightedAffinityTerm[];
}

const EMPTY: PodAffinityTerms = Object.freeze({ requiredAffinity: [], requiredAntiAffinity: [], preferredAffinity: [], preferredAntiAffinity: [] }) as PodAffinityTerms;

function safeSelector(obj: PodAffinityTerm['labelSelector'] | PodAffinityTerm['namespaceSelector']) {
  try {
    return selectorFromObject(obj);
  } catch {
    return nothing(); // an invalid selector matches nothing, as upstream treats a parse error
  }
}

export function affinityTerm(pod: Pod, t: PodAffinityTerm): AffinityTerm {
  const namespaces = new Set(t.namespaces ?? []);
  const namespaceSelector = t.namespaceSelector ? safeSelector(t.namespaceSelector) : undefined;
  if (!namespaces.size && !namespaceSelector) namespaces.add(pod.metadata?.namespace ?? '');
  return { selector: safeSelector(t.labelSelector), namespaces, namespaceSelector, topologyKey: t.topologyKey };
}

const weighted = (pod: Pod, ts: WeightedPodAffinityTerm[] | undefined): WeightedAffinityTerm[] =>
  (ts ?? []).filter((t) => t.weight).map((t) => ({ ...affinityTerm(pod, t.podAffinityTerm), weight: t.weight }));

export function podAffinityTerms(pod: Pod): PodAffinityTerms {
  const a = pod.spec?.affinity;
  if (!a?.podAffinity && !a?.podAntiAffinity) return EMPTY;
  return {
    requiredAffinity: (a.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => affinityTerm(pod, t)),
    requiredAntiAffinity: (a.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => affinityTerm(pod, t)),
    preferredAffinity: weighted(pod, a.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    preferredAntiAffinity: weighted(pod, a.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
  };
}

/** Whether `term` selects `pod`, whose namespace carries `nsLabels` (upstream AffinityTerm.Matches). */
export function termMatches(term: AffinityTerm, pod: Pod, nsLabels: Labels): boolean {
  const ns = pod.metadata?.namespace ?? '';
  if (!term.namespaces.has(ns) && !term.namespaceSelector?.matches(nsLabels ?? {})) return false;
  return term.selector.matches(pod.metadata?.labels ?? {});
}
