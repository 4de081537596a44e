// Runs one plugin's extension points the way the framework would, for table-driven plugin tests.
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import { FakeClock } from '../../client/index.ts';
import { createLogger } from '../../log/logger.ts';
import { Snapshot } from '../framework/cache.ts';
import { CycleState, type FilterPlugin, type Handle, type NodeScore, type Plugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from '../framework/interface.ts';
import { SUCCESS, type Status } from '../framework/status.ts';

export function fakeHandle(snapshot: Snapshot = new Snapshot()): Handle & { bound: [string, string][] } {
  const bound: [string, string][] = [];
  return {
    bound,
    snapshot: () => snapshot,
    bindPod: async (pod, node) => void bound.push([pod.metadata!.name!, node]),
    clock: new FakeClock(),
    logger: createLogger({ level: 'error' }),
  };
}

/** PreFilter (Skip → filter not run) then Filter on `node`, with `pods` already on their nodes. */
export function filterOn(plugin: Plugin, pod: Pod, node: Node, pods: Pod[] = []): Status {
  const snapshot = Snapshot.of([node], pods);
  const state = new CycleState();
  const pre = plugin as Partial<PreFilterPlugin>;
  if (pre.preFilter) {
    const s = pre.preFilter(state, pod, snapshot.nodeInfoList);
    if (s.isSkip()) return SUCCESS;
    if (!s.isSuccess()) return s;
  }
  return (plugin as FilterPlugin).filter(state, pod, snapshot.get(node.metadata!.name!)!);
}

/** PreScore, Score per node and NormalizeScore: the plugin's final 0..100 scores in node order. */
export function scoresFor(plugin: Plugin, pod: Pod, nodes: Node[], pods: Pod[] = []): number[] {
  const snapshot = Snapshot.of(nodes, pods);
  const state = new CycleState();
  const pre = plugin as Partial<PreScorePlugin>;
  if (pre.preScore && pre.preScore(state, pod, snapshot.nodeInfoList).isSkip()) return nodes.map(() => 0);
  const p = plugin as ScorePlugin;
  const scores: NodeScore[] = snapshot.nodeInfoList.map((n) => {
    const r = p.score(state, pod, n);
    if (typeof r !== 'number') throw new Error(r.message());
    return { name: n.name, score: r };
  });
  p.normalizeScore?.(state, pod, scores);
  return scores.map((s) => s.score);
}
