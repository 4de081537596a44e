// DefaultPreemption (PostFilter), upstream's algorithm: when no node fits, find nodes where evicting
// lower-priority pods would let the pod fit (dry runs on copies of the cycle state and node), prefer
// victims whose eviction respects PodDisruptionBudgets, pick one node by upstream's ordered criteria,
// then mark and delete its victims (DisruptionTarget, reason PreemptionByScheduler, graceful) and
// nominate the pod there. Victims are deleted asynchronously (upstream's async preemption): the pod
// is retried when they are gone, and its nomination keeps others off the freed room meanwhile.
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { fitErrorMessage, newDiagnosis } from '../../framework/fit-error.ts';
import type { CycleState, Handle, NodeToStatus, PostFilterPlugin, PostFilterResult } from '../../framework/interface.ts';
import { podKey, type NodeInfo } from '../../framework/node-info.ts';
import { Code, Status, unresolvable, unschedulable } from '../../framework/status.ts';
import { budgets, type Budget } from './pdb.ts';
import { pickOneNodeForPreemption, type Candidate } from './pick-node.ts';
import { priorityOf, selectVictimsOnNode } from './victims.ts';

export const NAME = 'DefaultPreemption';
const NOT_HELPFUL = 'Preemption is not helpful for scheduling';

export interface DefaultPreemptionArgs {
  /** At least this share of the potential nodes is dry-run (default 10). */
  minCandidateNodesPercentage?: number;
  /** …and at least this many (default 100). */
  minCandidateNodesAbsolute?: number;
}

export class DefaultPreemption implements PostFilterPlugin {
  readonly name = NAME;
  readonly #pct: number;
  readonly #abs: number;

  constructor(
    private readonly handle: Handle,
    args: DefaultPreemptionArgs = {},
    private readonly random: () => number = Math.random,
  ) {
    this.#pct = args.minCandidateNodesPercentage ?? 10;
    this.#abs = args.minCandidateNodesAbsolute ?? 100;
    if (this.#pct < 0 || this.#pct > 100 || this.#abs < 0 || this.#pct + this.#abs === 0) throw new Error(`${NAME}: need 0 ≤ minCandidateNodesPercentage ≤ 100, minCandidateNodesAbsolute ≥ 0, not both 0`);
  }

  postFilter(state: CycleState, pod: Pod, filtered: NodeToStatus): PostFilterResult {
    const r = this.#preempt(state, pod, filtered);
    const msg = r.status.message();
    return msg ? { ...r, status: new Status(r.status.code, [`preemption: ${msg}`]) } : r;
  }

  #preempt(state: CycleState, pod: Pod, filtered: NodeToStatus): PostFilterResult {
    const ineligible = this.#notEligible(pod, filtered);
    if (ineligible) return { status: unschedulable(ineligible) };
    const all = this.handle.snapshot().nodeInfoList;
    const potential = all.filter((n) => filtered.get(n.name)?.code === Code.Unschedulable);
    const statuses = new Map<string, Status>();
    const candidates = potential.length ? this.#findCandidates(state, pod, potential, statuses) : [];
    if (!candidates.length) {
      const diagnosis = newDiagnosis();
      for (const n of all) diagnosis.nodeToStatus.set(n.name, statuses.get(n.name) ?? unresolvable(NOT_HELPFUL));
      return { status: unschedulable(fitErrorMessage(all.length, diagnosis)), nominatedNodeName: '' };
    }
    const best = pickOneNodeForPreemption(candidates, this.handle.clock.now());
    if (!best) return { status: unschedulable('no candidate node for preemption') };
    this.#prepare(best, pod);
    return { status: new Status(Code.Success), nominatedNodeName: best.nodeName };
  }

  /** Upstream PodEligibleToPreemptOthers: the reason it may not preempt, or undefined. */
  #notEligible(pod: Pod, filtered: NodeToStatus): string | undefined {
    if (pod.spec?.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
    const nominated = this.handle.nominator.nominatedNodeOf(pod) ?? pod.status?.nominatedNodeName;
    if (!nominated || filtered.get(nominated)?.code === Code.UnschedulableAndUnresolvable) return undefined;
    const node = this.handle.snapshot().get(nominated);
    // Victims of an earlier preemption are still terminating there: wait for them.
    if (node?.pods.some((p) => priorityOf(p.pod) < priorityOf(pod) && terminatingByPreemption(p.pod))) return 'not eligible due to a terminating pod on the nominated node.';
    return undefined;
  }

  /** Dry runs from a random offset until enough candidates are found (violating ones only count once a clean one exists). */
  #findCandidates(state: CycleState, pod: Pod, potential: readonly NodeInfo[], statuses: Map<string, Status>): Candidate[] {
    const list = budgets(this.handle.listers.podDisruptionBudgets(), () => this.handle.snapshot().nodeInfoList.flatMap((n) => n.pods.map((p) => p.pod)));
    const want = Math.min(potential.length, Math.max(Math.trunc((potential.length * this.#pct) / 100), this.#abs));
    const offset = Math.floor(this.random() * potential.length);
    const now = this.handle.clock.now();
    const clean: Candidate[] = [];
    const violating: Candidate[] = [];
    for (let i = 0; i < potential.length; i++) {
      const node = potential[(offset + i) % potential.length]!;
      const r = this.#dryRun(state, pod, node, list, now);
      if ('status' in r) {
        statuses.set(node.name, r.status);
        continue;
      }
      (r.numPDBViolations ? violating : clean).push({ nodeName: node.name, victims: r });
      if (clean.length && clean.length + violating.length >= want) break;
    }
    return [...clean, ...violating];
  }

  #dryRun(state: CycleState, pod: Pod, node: NodeInfo, list: readonly Budget[], now: number) {
    const r = selectVictimsOnNode(this.handle.runner, state.clone(), pod, node.clone(), list, now);
    if ('status' in r) return { status: r.status };
    if (!r.victims.pods.length) return { status: new Status(Code.Error, [`expected at least one victim pod on node ${node.name}`]) };
    return r.victims;
  }

  /** Evicts the victims and drops the nominations of lower-priority pods to the same node. */
  #prepare(c: Candidate, pod: Pod): void {
    const log = (what: string, p: Pod) => (err: unknown) => this.handle.logger.warn(what, { pod: podKey(p), preemptor: podKey(pod), node: c.nodeName, err: String(err) });
    for (const victim of c.victims.pods) {
      if (this.handle.rejectWaitingPod(podKey(victim), NAME, 'preempted')) continue;
      this.handle.preemption.preemptVictim(victim, pod, c.nodeName).catch(log('could not preempt victim', victim));
    }
    for (const p of this.handle.nominator.nominatedPodsForNode(c.nodeName)) {
      if (priorityOf(p.pod) < priorityOf(pod)) this.handle.preemption.clearNomination(p.pod).catch(log('could not clear nomination', p.pod));
    }
    this.handle.logger.info('preempting', { preemptor: podKey(pod), node: c.nodeName, victims: c.victims.pods.map(podKey) });
  }
}

function terminatingByPreemption(p: Pod): boolean {
  return Boolean(p.metadata?.deletionTimestamp) && (p.status?.conditions ?? []).some((c) => c.type === 'DisruptionTarget' && c.reason === 'PreemptionByScheduler');
}

export const newDefaultPreemption = (args: unknown, handle: Handle): DefaultPreemption => new DefaultPreemption(handle, (args ?? {}) as DefaultPreemptionArgs);
