// One scheduling attempt's pure part: filter nodes (stopping once enough feasible ones are found),
// score them, pick the best. No I/O: the caller gives it a snapshot and gets a node name or a reason.
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { Snapshot } from './framework/cache.ts';
import { FitError, newDiagnosis, type Diagnosis } from './framework/fit-error.ts';
import type { Framework } from './framework/framework.ts';
import type { CycleState, NodeScore } from './framework/interface.ts';
import type { NodeInfo } from './framework/node-info.ts';
import type { Status } from './framework/status.ts';

const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/**
 * How many feasible nodes to look for before scoring (upstream numFeasibleNodesToFind): all of them
 * in clusters under 100 nodes; otherwise `percentage`, or when 0 an adaptive 50% − nodes/125
 * (at least 5%), and never fewer than 100.
 */
export function numFeasibleNodesToFind(percentage: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND || percentage >= 100) return numAllNodes;
  let adaptive = percentage;
  if (adaptive <= 0) adaptive = Math.max(50 - Math.trunc(numAllNodes / 125), MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND);
  const n = Math.trunc((numAllNodes * adaptive) / 100);
  return Math.max(n, MIN_FEASIBLE_NODES_TO_FIND);
}

export interface ScheduleResult {
  suggestedHost: string;
  evaluatedNodes: number;
  feasibleNodes: number;
}

export interface ScheduleContext {
  snapshot: Snapshot;
  /** The profile's or else the global percentageOfNodesToScore. */
  percentageOfNodesToScore: number;
  /** Where the filter pass starts, so successive pods look at different nodes first. */
  startIndex: number;
  /** 0 ≤ x < 1, picks among equal best scores. */
  random: () => number;
}

/** The chosen node, a FitError (no node fits), or an Error status from a plugin. */
export function schedulePod(fwk: Framework, state: CycleState, pod: Pod, ctx: ScheduleContext): { result: ScheduleResult; nextStart: number } | { fitError: FitError; nextStart: number } | { error: Status; nextStart: number } {
  const nodes = ctx.snapshot.nodeInfoList;
  if (!nodes.length) return { fitError: new FitError(0, newDiagnosis()), nextStart: ctx.startIndex };
  const found = findNodesThatFit(fwk, state, pod, nodes, ctx);
  if ('error' in found) return { error: found.error, nextStart: ctx.startIndex };
  const { feasible, diagnosis, nextStart } = found;
  if (!feasible.length) return { fitError: new FitError(nodes.length, diagnosis), nextStart };
  const evaluatedNodes = feasible.length + diagnosis.nodeToStatus.size;
  if (feasible.length === 1) return { result: { suggestedHost: feasible[0]!.name, evaluatedNodes, feasibleNodes: 1 }, nextStart };
  const scores = prioritize(fwk, state, pod, feasible);
  if (!Array.isArray(scores)) return { error: scores, nextStart };
  return { result: { suggestedHost: selectHost(scores, ctx.random), evaluatedNodes, feasibleNodes: feasible.length }, nextStart };
}

function findNodesThatFit(fwk: Framework, state: CycleState, pod: Pod, nodes: readonly NodeInfo[], ctx: ScheduleContext): { feasible: NodeInfo[]; diagnosis: Diagnosis; nextStart: number } | { error: Status } {
  const diagnosis = newDiagnosis();
  const pre = fwk.runPreFilter(state, pod, nodes);
  if (!pre.isSuccess()) {
    if (!pre.isRejected()) return { error: pre };
    // Every node shares the PreFilter verdict.
    for (const n of nodes) diagnosis.nodeToStatus.set(n.name, pre);
    diagnosis.preFilterMsg = pre.message();
    if (pre.plugin) diagnosis.unschedulablePlugins.add(pre.plugin);
    return { feasible: [], diagnosis, nextStart: ctx.startIndex };
  }
  const want = numFeasibleNodesToFind(ctx.percentageOfNodesToScore, nodes.length);
  const feasible: NodeInfo[] = [];
  let checked = 0;
  for (; checked < nodes.length && feasible.length < want; checked++) {
    const node = nodes[(ctx.startIndex + checked) % nodes.length]!;
    const s = fwk.runFilterWithNominatedPods(state, pod, node);
    if (s.isSuccess()) feasible.push(node);
    else if (s.isRejected()) {
      diagnosis.nodeToStatus.set(node.name, s);
      if (s.plugin) diagnosis.unschedulablePlugins.add(s.plugin);
    } else return { error: s };
  }
  return { feasible, diagnosis, nextStart: (ctx.startIndex + checked) % nodes.length };
}

function prioritize(fwk: Framework, state: CycleState, pod: Pod, nodes: NodeInfo[]): NodeScore[] | Status {
  if (!fwk.hasScore()) return nodes.map((n) => ({ name: n.name, score: 1 }));
  const pre = fwk.runPreScore(state, pod, nodes);
  if (!pre.isSuccess()) return pre;
  return fwk.runScore(state, pod, nodes);
}

/** The highest total; ties broken uniformly at random (reservoir sampling, as upstream). */
export function selectHost(scores: readonly NodeScore[], random: () => number): string {
  let best = scores[0]!;
  let ties = 1;
  for (let i = 1; i < scores.length; i++) {
    const s = scores[i]!;
    if (s.score > best.score) {
      best = s;
      ties = 1;
    } else if (s.score === best.score) {
      ties++;
      if (random() * ties < 1) best = s;
    }
  }
  return best.name;
}
