// PodDisruptionBudgets as preemption weighs them (upstream filterPodsWithPDBViolation). A budget's
// status.disruptionsAllowed is the disruption controller's answer; kites has no such controller yet,
// so when a budget's status was never written (no observedGeneration) the plugin computes it the
// same way from the pods it can see: healthy (Ready, not terminating) matching pods minus the
// desired healthy count from minAvailable, or from maxUnavailable against all matching pods.
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1.d.ts';
import { selectorFromObject, type Selector } from '../../../api/selectors/index.ts';

export interface Budget {
  namespace: string;
  selector: Selector | undefined;
  disruptedPods: ReadonlySet<string>;
  allowed: number;
}

function budgetSelector(pdb: PodDisruptionBudget): Selector | undefined {
  try {
    const s = selectorFromObject(pdb.spec?.selector);
    // A nil or empty selector matches nothing here, as upstream's preemption treats it.
    return s.nothing || s.isEmpty() ? undefined : s;
  } catch {
    return undefined;
  }
}

const isReady = (p: Pod) => !p.metadata?.deletionTimestamp && (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/** `intOrPercent` of `total`, percentages rounded up (as the disruption controller does). */
function scaled(v: number | string, total: number): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  return m ? Math.ceil((Number(m[1]) * total) / 100) : Number(v) || 0;
}

/** disruptionsAllowed computed from the pods (what the disruption controller would write). */
export function computeDisruptionsAllowed(pdb: PodDisruptionBudget, pods: readonly Pod[]): number {
  const selector = budgetSelector(pdb);
  if (!selector) return 0;
  const matching = pods.filter((p) => p.metadata?.namespace === pdb.metadata?.namespace && selector.matches(p.metadata?.labels ?? {}));
  const expected = matching.length;
  const healthy = matching.filter(isReady).length;
  let desired: number;
  if (pdb.spec?.maxUnavailable !== undefined) desired = Math.max(0, expected - scaled(pdb.spec.maxUnavailable, expected));
  else if (pdb.spec?.minAvailable !== undefined) desired = scaled(pdb.spec.minAvailable, expected);
  else desired = expected; // upstream defaults minAvailable to 1 only on old API versions; policy/v1 needs one of them
  return Math.max(0, healthy - desired);
}

export function budgets(pdbs: readonly PodDisruptionBudget[], pods: () => readonly Pod[]): Budget[] {
  let all: readonly Pod[] | undefined;
  return pdbs.map((pdb) => {
    const computed = pdb.status?.observedGeneration !== undefined;
    const allowed = computed ? (pdb.status?.disruptionsAllowed ?? 0) : computeDisruptionsAllowed(pdb, (all ??= pods()));
    return { namespace: pdb.metadata?.namespace ?? '', selector: budgetSelector(pdb), disruptedPods: new Set(Object.keys(pdb.status?.disruptedPods ?? {})), allowed };
  });
}

/** Splits `pods` (most important first) into those whose eviction would exceed a budget and the rest. */
export function splitByViolation<T extends { pod: Pod }>(pods: readonly T[], list: readonly Budget[]): { violating: T[]; nonViolating: T[] } {
  const allowed = list.map((b) => b.allowed);
  const violating: T[] = [];
  const nonViolating: T[] = [];
  for (const item of pods) {
    const labels = item.pod.metadata?.labels;
    let violated = false;
    if (labels && Object.keys(labels).length) {
      list.forEach((b, i) => {
        if (b.namespace !== item.pod.metadata?.namespace || !b.selector?.matches(labels)) return;
        // Already being disrupted through the eviction API: counted by the budget already.
        if (b.disruptedPods.has(item.pod.metadata?.name ?? '')) return;
        allowed[i]!--;
        if (allowed[i]! < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(item);
  }
  return { violating, nonViolating };
}
