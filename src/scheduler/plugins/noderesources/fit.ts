// NodeResourcesFit: the pod's requests (see framework/resources.ts) must fit in what the node has
// allocatable minus what its pods (assigned and assumed) request; the pod count must stay within
// allocatable pods. Scores with LeastAllocated (default), MostAllocated or RequestedToCapacityRatio.
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import { ActionType, type ClusterEventWithHint } from '../../framework/events.ts';
import type { CycleState, EnqueueExtensions, FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interface.ts';
import type { NodeInfo } from '../../framework/node-info.ts';
import { PODS, podRequests, toResourceList, type ResourceList } from '../../framework/resources.ts';
import { SUCCESS, unschedulable, type Status } from '../../framework/status.ts';
import { allocation, DEFAULT_RESOURCES, leastAllocated, mostAllocated, requestedToCapacityRatio, scoringRequests, type ResourceSpec, type Scorer, type ShapePoint } from './scoring.ts';

export const NAME = 'NodeResourcesFit';
const FILTER_KEY = 'PreFilter' + NAME;
const SCORE_KEY = 'PreScore' + NAME;

export interface FitArgs {
  /** Extended resources not checked by Filter. */
  ignoredResources?: string[];
  /** Extended resource groups (prefix before "/") not checked by Filter. */
  ignoredResourceGroups?: string[];
  scoringStrategy?: {
    type?: 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';
    resources?: ResourceSpec[];
    requestedToCapacityRatio?: { shape: ShapePoint[] };
  };
}

export interface InsufficientResource {
  resource: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
}

const NATIVE = new Set(['cpu', 'memory', 'ephemeral-storage']);

/** Why `podReq` does not fit on `node`; empty when it fits. */
export function insufficientResources(podReq: ResourceList, node: NodeInfo, ignored: (name: string) => boolean = () => false): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const podCount = node.pods.length;
  const allowedPods = node.allocatable[PODS] ?? 0;
  if (podCount + 1 > allowedPods) out.push({ resource: PODS, reason: 'Too many pods', requested: 1, used: podCount, capacity: allowedPods });
  // Native resources first, in upstream's order, so reasons read the same every time.
  const names = [...NATIVE].filter((n) => n in podReq).concat(Object.keys(podReq).filter((n) => !NATIVE.has(n)).sort());
  for (const name of names) {
    const want = podReq[name]!;
    if (name === PODS || want <= 0) continue;
    if (!NATIVE.has(name) && ignored(name)) continue;
    const used = node.requested[name] ?? 0;
    const capacity = node.allocatable[name] ?? 0;
    if (want > capacity - used) out.push({ resource: name, reason: `Insufficient ${name}`, requested: want, used, capacity });
  }
  return out;
}

function fitsQuickly(podReq: ResourceList, node: NodeInfo, ignored: (name: string) => boolean): boolean {
  if (node.pods.length + 1 > (node.allocatable[PODS] ?? 0)) return false;
  for (const name in podReq) {
    const want = podReq[name]!;
    if (name === PODS || want <= 0) continue;
    if (want > (node.allocatable[name] ?? 0) - (node.requested[name] ?? 0) && (NATIVE.has(name) || !ignored(name))) return false;
  }
  return true;
}

export class Fit implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = NAME;
  readonly #ignored: (name: string) => boolean;
  readonly #resources: readonly ResourceSpec[];
  readonly #scorer: Scorer;

  constructor(args: FitArgs = {}) {
    const names = new Set(args.ignoredResources ?? []);
    const groups = new Set(args.ignoredResourceGroups ?? []);
    this.#ignored = (name) => names.has(name) || groups.has(name.split('/')[0]!);
    const strategy = args.scoringStrategy ?? {};
    this.#resources = strategy.resources?.length ? strategy.resources.map((r) => ({ name: r.name, weight: r.weight || 1 })) : DEFAULT_RESOURCES;
    switch (strategy.type ?? 'LeastAllocated') {
      case 'LeastAllocated':
        this.#scorer = leastAllocated;
        break;
      case 'MostAllocated':
        this.#scorer = mostAllocated;
        break;
      case 'RequestedToCapacityRatio': {
        const shape = strategy.requestedToCapacityRatio?.shape ?? [];
        if (!shape.length) throw new Error(`${NAME}: RequestedToCapacityRatio needs requestedToCapacityRatio.shape`);
        this.#scorer = requestedToCapacityRatio(shape);
        break;
      }
      default:
        throw new Error(`${NAME}: unknown scoring strategy "${String(strategy.type)}"`);
    }
  }

  preFilter(state: CycleState, pod: Pod): Status {
    state.write(FILTER_KEY, podRequests(pod));
    return SUCCESS;
  }

  filter(state: CycleState, pod: Pod, node: NodeInfo): Status {
    const req = state.read<ResourceList>(FILTER_KEY) ?? podRequests(pod);
    // The common case (it fits) without building reasons: this runs for hundreds of nodes per pod.
    if (fitsQuickly(req, node, this.#ignored)) return SUCCESS;
    const missing = insufficientResources(req, node, this.#ignored);
    return missing.length ? unschedulable(...missing.map((m) => m.reason)) : SUCCESS;
  }

  preScore(state: CycleState, pod: Pod): Status {
    state.write(SCORE_KEY, scoringRequests(pod, false));
    return SUCCESS;
  }

  score(state: CycleState, pod: Pod, node: NodeInfo): number {
    const req = state.read<ResourceList>(SCORE_KEY) ?? scoringRequests(pod, false);
    const { requested, allocatable, used } = allocation(node, req, this.#resources, false);
    return this.#scorer(requested, allocatable, used);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      { event: { resource: 'Pod', actionType: ActionType.Delete | ActionType.UpdatePodScaleDown } },
      {
        event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeAllocatable },
        // Only a node whose whole allocatable could hold the pod is worth a retry.
        hint: (pod, _old, cur) => {
          const alloc = toResourceList((cur as Node).status?.allocatable as Record<string, string> | undefined);
          const req = podRequests(pod);
          return Object.entries(req).every(([k, v]) => v <= 0 || this.#ignored(k) || v <= (alloc[k] ?? 0)) ? 'Queue' : 'Skip';
        },
      },
    ];
  }
}

export const newFit = (args: unknown): Fit => new Fit((args ?? {}) as FitArgs);
