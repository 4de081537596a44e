// Runs one plugin's extension points the way the framework would, for table-driven plugin tests.
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import { FakeClock } from '../../client/index.ts';
import { createLogger } from '../../log/logger.ts';
import { Snapshot } from '../framework/cache.ts';
import { Framework } from '../framework/framework.ts';
import { CycleState, type BaseHandle, type FilterPlugin, type Handle, type NodeScore, type Plugin, type PreFilterPlugin, type PreScorePlugin, type ScorePlugin } from '../framework/interface.ts';
import { staticListers, type Listers } from '../framework/listers.ts';
import type { PodInfo } from '../framework/node-info.ts';
import { WaitingPods } from '../framework/waiting-pods.ts';
import { inTreeRegistry } from '../plugins/registry.ts';
import { SUCCESS, type Status } from '../framework/status.ts';

export interface FakeHandle extends Handle {
  bound: [string, string][];
  /** Victims preempted, as "victim→node". */
  preempted: string[];
  cleared: string[];
}

/** A scheduler handle over a fixed snapshot that records its writes. */
export function fakeHandle(snapshot: Snapshot = new Snapshot(), listers: Listers = staticListers(), nominated: Map<string, PodInfo[]> = new Map()): FakeHandle {
  const bound: [string, string][] = [];
  const preempted: string[] = [];
  const cleared: string[] = [];
  const base: BaseHandle & Omit<FakeHandle, 'runner'> = {
    bound,
    preempted,
    cleared,
    snapshot: () => snapshot,
    bindPod: async (pod, node) => void bound.push([pod.metadata!.name!, node]),
    clock: new FakeClock(),
    logger: createLogger({ level: 'error' }),
    listers,
    nominator: {
      nominatedPodsForNode: (n) => nominated.get(n) ?? [],
      nominatedNodeOf: (p) => [...nominated].find(([, ps]) => ps.some((x) => x.pod.metadata?.uid === p.metadata?.uid))?.[0],
    },
    preemption: {
      preemptVictim: async (victim, _preemptor, node) => void preempted.push(`${victim.metadata!.name}→${node}`),
      clearNomination: async (p) => void cleared.push(p.metadata!.name!),
    },
    rejectWaitingPod: () => false,
  };
  // The default profile's framework runs the filters for plugins that re-run them (preemption).
  return { ...base, runner: new Framework({ schedulerName: 'default-scheduler' }, inTreeRegistry, base, new WaitingPods(base.clock)) };
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

/** PreFilter once, then Filter on every node of `snapshot`: per node, '' when it passes, else the reasons. */
export function filterAll(plugin: Plugin, pod: Pod, snapshot: Snapshot): Record<string, string> {
  const state = new CycleState();
  const pre = plugin as Partial<PreFilterPlugin>;
  const s = pre.preFilter?.(state, pod, snapshot.nodeInfoList);
  const out: Record<string, string> = {};
  for (const n of snapshot.nodeInfoList) {
    if (s && !s.isSuccess() && !s.isSkip()) out[n.name] = s.message();
    else if (s?.isSkip()) out[n.name] = '';
    else {
      const r = (plugin as FilterPlugin).filter(state, pod, n);
      out[n.name] = r.isSuccess() ? '' : r.message();
    }
  }
  return out;
}
