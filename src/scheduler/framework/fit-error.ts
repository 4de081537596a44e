// Why no node fit, as upstream's FitError formats it: "0/N nodes are available: " then either the
// PreFilter message or a sorted histogram of per-node reasons ("2 Insufficient cpu"), then the
// PostFilter (preemption) message.
import type { Status } from './status.ts';

export interface Diagnosis {
  nodeToStatus: Map<string, Status>;
  /** Plugins that rejected the pod: they decide which events can make it schedulable. */
  unschedulablePlugins: Set<string>;
  preFilterMsg?: string;
  postFilterMsg?: string;
}

export function newDiagnosis(): Diagnosis {
  return { nodeToStatus: new Map(), unschedulablePlugins: new Set() };
}

/** Not thrown: a result. The message is computed on read, after PostFilter has added to the diagnosis. */
export class FitError {
  constructor(
    readonly numAllNodes: number,
    readonly diagnosis: Diagnosis,
  ) {}

  get message(): string {
    return fitErrorMessage(this.numAllNodes, this.diagnosis);
  }
}

export function fitErrorMessage(numAllNodes: number, d: Diagnosis): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  if (d.preFilterMsg) {
    // PreFilter rejected the pod for every node; per-node reasons would only repeat it.
    msg += ` ${d.preFilterMsg}.`;
  } else {
    const counts = new Map<string, number>();
    for (const s of d.nodeToStatus.values()) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
    // Go's sort.Strings: byte order of the whole "count reason" string.
    const parts = [...counts].map(([r, n]) => `${n} ${r}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (parts.length) msg += ` ${parts.join(', ')}.`;
  }
  if (d.postFilterMsg) msg += ` ${d.postFilterMsg}`;
  return msg;
}
