// NodeResourcesBalancedAllocation: prefer nodes where, with this pod, cpu and memory (or the
// configured resources) would be used in similar proportions.
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { CycleState, PreScorePlugin, ScorePlugin } from '../../framework/interface.ts';
import type { NodeInfo } from '../../framework/node-info.ts';
import type { ResourceList } from '../../framework/resources.ts';
import { SKIP, SUCCESS, type Status } from '../../framework/status.ts';
import { allocation, balanced, DEFAULT_RESOURCES, scoringRequests, type ResourceSpec } from './scoring.ts';

export const NAME = 'NodeResourcesBalancedAllocation';
const STATE_KEY = 'PreScore' + NAME;

export interface BalancedAllocationArgs {
  resources?: ResourceSpec[];
}

export class BalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = NAME;
  readonly #resources: readonly ResourceSpec[];

  constructor(args: BalancedAllocationArgs = {}) {
    this.#resources = args.resources?.length ? args.resources.map((r) => ({ name: r.name, weight: r.weight || 1 })) : DEFAULT_RESOURCES;
  }

  preScore(state: CycleState, pod: Pod): Status {
    const req = scoringRequests(pod, true);
    // A pod that requests none of the resources cannot unbalance anything.
    if (this.#resources.every((r) => !req[r.name])) return SKIP;
    state.write(STATE_KEY, req);
    return SUCCESS;
  }

  score(state: CycleState, pod: Pod, node: NodeInfo): number {
    const req = state.read<ResourceList>(STATE_KEY) ?? scoringRequests(pod, true);
    const { requested, allocatable, used } = allocation(node, req, this.#resources, true);
    return balanced(requested, allocatable, used);
  }
}

export const newBalancedAllocation = (args: unknown): BalancedAllocation => new BalancedAllocation((args ?? {}) as BalancedAllocationArgs);
