// Which pods on one node must go for the preemptor to fit (upstream SelectVictimsOnNode): remove
// every lower-priority pod; if the pod still does not fit, the node cannot help. Otherwise put them
// back one by one, most important first — budget-violating ones before the others — keeping each
// that still lets the pod fit; the ones that cannot come back are the victims.
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { CycleState, FilterRunner } from '../../framework/interface.ts';
import type { NodeInfo, PodInfo } from '../../framework/node-info.ts';
import { Status, unresolvable } from '../../framework/status.ts';
import { splitByViolation, type Budget } from './pdb.ts';

export const NO_VICTIMS = 'No preemption victims found for incoming pod';

export const priorityOf = (p: Pod): number => p.spec?.priority ?? 0;

/** When the pod started; pods not started yet count as starting now (upstream GetPodStartTime). */
export const startTimeOf = (p: Pod, now: number): number => (p.status?.startTime ? Date.parse(p.status.startTime) : now);

/** Upstream MoreImportantPod: higher priority, then the one that started earlier. */
export function moreImportant(a: Pod, b: Pod, now: number): boolean {
  const pa = priorityOf(a);
  const pb = priorityOf(b);
  if (pa !== pb) return pa > pb;
  return startTimeOf(a, now) < startTimeOf(b, now);
}

export interface Victims {
  pods: Pod[];
  numPDBViolations: number;
}

/** `state` and `node` are private copies: they are changed as pods are removed and put back. */
export function selectVictimsOnNode(runner: FilterRunner, state: CycleState, pod: Pod, node: NodeInfo, budgets: readonly Budget[], now: number): { victims: Victims } | { status: Status } {
  const remove = (p: PodInfo) => {
    node.removePod(p.key);
    return runner.runPreFilterRemovePod(state, pod, p, node);
  };
  const add = (p: PodInfo) => {
    node.addPod(p);
    return runner.runPreFilterAddPod(state, pod, p, node);
  };
  const priority = priorityOf(pod);
  const potential = node.pods.filter((p) => priorityOf(p.pod) < priority);
  if (!potential.length) return { status: unresolvable(NO_VICTIMS) };
  for (const p of potential) {
    const s = remove(p);
    if (!s.isSuccess()) return { status: s };
  }
  const fits = runner.runFilterWithNominatedPods(state, pod, node);
  if (!fits.isSuccess()) return { status: fits };
  potential.sort((a, b) => (moreImportant(a.pod, b.pod, now) ? -1 : moreImportant(b.pod, a.pod, now) ? 1 : 0));
  const { violating, nonViolating } = splitByViolation(potential, budgets);
  const victims: Pod[] = [];
  let numPDBViolations = 0;
  /** True when the pod still fits with `p` back; otherwise `p` is a victim. */
  const reprieve = (p: PodInfo): boolean | Status => {
    const s = add(p);
    if (!s.isSuccess()) return s;
    if (runner.runFilterWithNominatedPods(state, pod, node).isSuccess()) return true;
    const r = remove(p);
    if (!r.isSuccess()) return r;
    victims.push(p.pod);
    return false;
  };
  for (const p of violating) {
    const r = reprieve(p);
    if (r instanceof Status) return { status: r };
    if (!r) numPDBViolations++;
  }
  for (const p of nonViolating) {
    const r = reprieve(p);
    if (r instanceof Status) return { status: r };
  }
  if (violating.length && nonViolating.length) victims.sort((a, b) => (moreImportant(a, b, now) ? -1 : moreImportant(b, a, now) ? 1 : 0));
  return { victims: { pods: victims, numPDBViolations } };
}

