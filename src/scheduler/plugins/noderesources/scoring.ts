// How NodeResourcesFit and BalancedAllocation turn (requested, allocatable) per resource into a
// 0..100 score (upstream noderesources/{least,most,requested_to_capacity_ratio,balanced}_allocation.go).
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { MAX_NODE_SCORE } from '../../framework/interface.ts';
import type { NodeInfo } from '../../framework/node-info.ts';
import { CPU, MEMORY, podRequests, type ResourceList } from '../../framework/resources.ts';

export interface ResourceSpec {
  name: string;
  weight: number;
}

export const DEFAULT_RESOURCES: readonly ResourceSpec[] = [
  { name: CPU, weight: 1 },
  { name: MEMORY, weight: 1 },
];

export interface ShapePoint {
  utilization: number;
  score: number;
}

/** One score from parallel arrays of requested/allocatable (resources with no allocatable left out). */
export type Scorer = (requested: number[], allocatable: number[], resources: readonly ResourceSpec[]) => number;

function weighted(requested: number[], allocatable: number[], resources: readonly ResourceSpec[], one: (req: number, alloc: number) => number): number {
  let total = 0;
  let weights = 0;
  for (let i = 0; i < requested.length; i++) {
    total += one(requested[i]!, allocatable[i]!) * resources[i]!.weight;
    weights += resources[i]!.weight;
  }
  return weights ? total / weights : 0;
}

/** Favors nodes with more room left. */
export const leastAllocated: Scorer = (req, alloc, res) =>
  Math.trunc(weighted(req, alloc, res, (r, a) => (r > a ? 0 : Math.trunc(((a - r) * MAX_NODE_SCORE) / a))));

/** Favors fuller nodes (bin packing). */
export const mostAllocated: Scorer = (req, alloc, res) =>
  Math.trunc(weighted(req, alloc, res, (r, a) => Math.trunc((Math.min(r, a) * MAX_NODE_SCORE) / a)));

/** Shape scores are 0..10 on utilization 0..100, scaled to 0..100 (upstream MaxCustomPriorityScore). */
export function requestedToCapacityRatio(shape: readonly ShapePoint[]): Scorer {
  const points = shape.map((p) => ({ utilization: p.utilization, score: p.score * (MAX_NODE_SCORE / 10) }));
  const f = (u: number): number => {
    for (let i = 0; i < points.length; i++) {
      const p = points[i]!;
      if (u > p.utilization) continue;
      if (i === 0) return p.score;
      const prev = points[i - 1]!;
      return prev.score + Math.trunc(((p.score - prev.score) * (u - prev.utilization)) / (p.utilization - prev.utilization));
    }
    return points[points.length - 1]!.score;
  };
  return (req, alloc, res) => Math.round(weighted(req, alloc, res, (r, a) => (r > a ? f(100) : f(Math.trunc((r * 100) / a)))));
}

/** 100 × (1 − standard deviation of the requested fractions): resources used evenly score high. */
export const balanced: Scorer = (req, alloc) => {
  const fractions = req.map((r, i) => Math.min(r / alloc[i]!, 1));
  let std = 0;
  if (fractions.length === 2) std = Math.abs((fractions[0]! - fractions[1]!) / 2);
  else if (fractions.length > 2) {
    const mean = fractions.reduce((a, b) => a + b, 0) / fractions.length;
    std = Math.sqrt(fractions.reduce((a, f) => a + (f - mean) ** 2, 0) / fractions.length);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
};

/**
 * Requested (node + this pod) and allocatable per resource, for resources the node has. With
 * `useRequested` false, cpu/memory use the non-zero defaults so pods without requests still spread.
 * Extended resources the pod does not ask for are left out.
 */
export function allocation(node: NodeInfo, podReq: ResourceList, resources: readonly ResourceSpec[], useRequested: boolean): { requested: number[]; allocatable: number[]; used: ResourceSpec[] } {
  const requested: number[] = [];
  const allocatable: number[] = [];
  const used: ResourceSpec[] = [];
  const onNode = useRequested ? node.requested : node.nonZeroRequested;
  for (const r of resources) {
    const alloc = node.allocatable[r.name] ?? 0;
    const podWants = podReq[r.name] ?? 0;
    if (alloc === 0) continue;
    if (r.name !== CPU && r.name !== MEMORY && podWants === 0) continue;
    requested.push((onNode[r.name] ?? 0) + podWants);
    allocatable.push(alloc);
    used.push(r);
  }
  return { requested, allocatable, used };
}

export function scoringRequests(pod: Pod, useRequested: boolean): ResourceList {
  return podRequests(pod, !useRequested);
}
