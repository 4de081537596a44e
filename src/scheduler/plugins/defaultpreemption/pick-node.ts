// Which candidate node to preempt on (upstream pickOneNodeForPreemption), each criterion breaking
// the previous one's ties: fewest PodDisruptionBudget violations; lowest highest-victim priority;
// lowest sum of victim priorities; fewest victims; latest start among the most important victims;
// else the first.
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { priorityOf, startTimeOf, type Victims } from './victims.ts';

export interface Candidate {
  nodeName: string;
  victims: Victims;
}

/** Keeps the candidates with the lowest `score`. */
function lowest(cands: Candidate[], score: (c: Candidate) => number): Candidate[] {
  let best = Infinity;
  let out: Candidate[] = [];
  for (const c of cands) {
    const s = score(c);
    if (s < best) {
      best = s;
      out = [c];
    } else if (s === best) out.push(c);
  }
  return out;
}

/** Of the victims with the highest priority, the earliest start. */
function earliestStartOfTopVictims(pods: readonly Pod[], now: number): number {
  const top = Math.max(...pods.map(priorityOf));
  return Math.min(...pods.filter((p) => priorityOf(p) === top).map((p) => startTimeOf(p, now)));
}

export function pickOneNodeForPreemption(candidates: readonly Candidate[], now: number): Candidate | undefined {
  if (!candidates.length) return undefined;
  // A node that needs no victims at all wins outright.
  const free = candidates.find((c) => !c.victims.pods.length);
  if (free) return free;
  // Shifted by 2^31 so negative priorities still add up to a positive sum (as upstream).
  const criteria: ((c: Candidate) => number)[] = [
    (c) => c.victims.numPDBViolations,
    (c) => priorityOf(c.victims.pods[0]!),
    (c) => c.victims.pods.reduce((sum, p) => sum + priorityOf(p) + 2 ** 31, 0),
    (c) => c.victims.pods.length,
    (c) => -earliestStartOfTopVictims(c.victims.pods, now),
  ];
  let left = [...candidates];
  for (const score of criteria) {
    left = lowest(left, score);
    if (left.length === 1) break;
  }
  return left[0];
}
