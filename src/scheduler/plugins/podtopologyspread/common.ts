// The spread constraints PodTopologySpread works with (upstream podtopologyspread/common.go): the
// pod's own, or — when it has none — the cluster defaults, whose selector is the union of the
// selectors of the Services, ReplicationController, ReplicaSet or StatefulSet the pod belongs to.
import type { Node, Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1.d.ts';
import { matchesRequirement, nothing, requirement, selectorFromObject, selectorFromSet, type Requirement, type Selector } from '../../../api/selectors/index.ts';
import type { Listers } from '../../framework/listers.ts';
import type { PodInfo } from '../../framework/node-info.ts';
import { matchesRequiredNodeAffinity } from '../../../api/node-affinity.ts';
import { firstUntolerated } from '../helper/taints.ts';

export interface Constraint {
  maxSkew: number;
  topologyKey: string;
  selector: Selector;
  minDomains: number;
  /** Honor: only nodes matching the pod's nodeSelector/required affinity count (default). */
  nodeAffinityPolicy: 'Honor' | 'Ignore';
  /** Honor: nodes with taints the pod does not tolerate do not count (default Ignore). */
  nodeTaintsPolicy: 'Honor' | 'Ignore';
}

export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';

/** Upstream's system defaults (used when defaultingType is System, the default). */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = [
  { topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: LABEL_ZONE, whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
];

function safeSelector(obj: TopologySpreadConstraint['labelSelector']): Selector {
  try {
    return selectorFromObject(obj);
  } catch {
    return nothing();
  }
}

/** A selector of ANDed requirements (the selectors module keeps its constructor private). */
function selectorOf(reqs: readonly Requirement[]): Selector {
  const base = selectorFromSet({});
  return { ...base, requirements: reqs, isEmpty: () => reqs.length === 0, matches: (l) => reqs.every((r) => matchesRequirement(r, l)), toString: () => reqs.map((r) => r.key).join(',') };
}

/** matchLabelKeys become `key in (pod's value)` requirements (keys the pod lacks are ignored). */
function withMatchLabelKeys(sel: Selector, keys: readonly string[] | undefined, pod: Pod): Selector {
  const labels = pod.metadata?.labels ?? {};
  const extra = (keys ?? []).filter((k) => Object.hasOwn(labels, k)).map((k) => requirement(k, 'in', [labels[k]!]));
  if (!extra.length || sel.nothing) return sel;
  return selectorOf([...sel.requirements, ...extra]);
}

export function toConstraint(c: TopologySpreadConstraint, pod: Pod, selector?: Selector): Constraint {
  return {
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    selector: selector ?? withMatchLabelKeys(safeSelector(c.labelSelector), c.matchLabelKeys, pod),
    minDomains: c.minDomains ?? 1,
    nodeAffinityPolicy: (c.nodeAffinityPolicy as Constraint['nodeAffinityPolicy']) ?? 'Honor',
    nodeTaintsPolicy: (c.nodeTaintsPolicy as Constraint['nodeTaintsPolicy']) ?? 'Ignore',
  };
}

/** The pod's constraints with this whenUnsatisfiable; `defaulted` when the cluster defaults were used. */
export function constraintsFor(pod: Pod, action: 'DoNotSchedule' | 'ScheduleAnyway', defaults: readonly TopologySpreadConstraint[], listers: Listers): { constraints: Constraint[]; defaulted: boolean } {
  const own = pod.spec?.topologySpreadConstraints ?? [];
  if (own.length) return { constraints: own.filter((c) => c.whenUnsatisfiable === action).map((c) => toConstraint(c, pod)), defaulted: false };
  const wanted = defaults.filter((c) => c.whenUnsatisfiable === action);
  if (!wanted.length) return { constraints: [], defaulted: true };
  const selector = defaultSelector(pod, listers);
  if (selector.isEmpty()) return { constraints: [], defaulted: true };
  return { constraints: wanted.map((c) => toConstraint(c, pod, selector)), defaulted: true };
}

/** Upstream helper.DefaultSelector: what the pod's Services and controller select. */
export function defaultSelector(pod: Pod, listers: Listers): Selector {
  const ns = pod.metadata?.namespace ?? '';
  const labels = pod.metadata?.labels ?? {};
  const set: Record<string, string> = {};
  for (const svc of listers.services(ns)) {
    const sel = svc.spec?.selector;
    if (sel && Object.keys(sel).length && selectorFromSet(sel).matches(labels)) Object.assign(set, sel);
  }
  const owner = pod.metadata?.ownerReferences?.find((o) => o.controller);
  let reqs = selectorFromSet(set).requirements;
  const named = <T extends { metadata?: { name?: string } }>(list: T[]) => list.find((o) => o.metadata?.name === owner?.name);
  if (owner?.apiVersion === 'v1' && owner.kind === 'ReplicationController') {
    const rc = named(listers.replicationControllers(ns));
    if (rc?.spec?.selector) reqs = selectorFromSet({ ...set, ...rc.spec.selector }).requirements;
  } else if (owner?.apiVersion === 'apps/v1' && (owner.kind === 'ReplicaSet' || owner.kind === 'StatefulSet')) {
    const obj = owner.kind === 'ReplicaSet' ? named(listers.replicaSets(ns)) : named(listers.statefulSets(ns));
    if (obj?.spec?.selector) reqs = [...reqs, ...safeSelector(obj.spec.selector).requirements];
  }
  return selectorOf(reqs);
}

export function nodeHasAllKeys(node: Node | undefined, constraints: readonly Constraint[]): boolean {
  const labels = node?.metadata?.labels ?? {};
  return constraints.every((c) => Object.hasOwn(labels, c.topologyKey));
}

/** Whether the node counts toward this constraint's domains (node inclusion policies, KEP-3094). */
export function includesNode(c: Constraint, pod: Pod, node: Node): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !matchesRequiredNodeAffinity(pod, node)) return false;
  if (c.nodeTaintsPolicy === 'Honor' && firstUntolerated(node.spec?.taints, pod.spec?.tolerations, (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')) return false;
  return true;
}

/** Pods in `namespace` the selector matches, not counting terminating ones. */
export function countMatching(pods: readonly PodInfo[], selector: Selector, namespace: string): number {
  let n = 0;
  for (const p of pods) {
    const m = p.pod.metadata;
    if (m?.deletionTimestamp || m?.namespace !== namespace) continue;
    if (selector.matches(m.labels ?? {})) n++;
  }
  return n;
}
