// Indexed Jobs: completion indexes of pods and the compressed interval list upstream keeps in
// status.completedIndexes ("1,3-5,7").
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { COMPLETION_INDEX } from './labels.ts';

/** The pod's completion index (annotation first, then label), or undefined when absent or malformed. */
export function completionIndexOf(pod: Pod): number | undefined {
  const raw = pod.metadata?.annotations?.[COMPLETION_INDEX] ?? pod.metadata?.labels?.[COMPLETION_INDEX];
  if (raw === undefined || !/^(0|[1-9]\d*)$/.test(raw)) return undefined;
  return Number(raw);
}

/** Parses "1,3-5" into its indexes, keeping those below `completions`; malformed parts are skipped. */
export function parseIndexes(text: string | undefined, completions: number): Set<number> {
  const out = new Set<number>();
  for (const part of (text ?? '').split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const first = Number(m[1]);
    const last = Math.min(m[2] === undefined ? first : Number(m[2]), completions - 1);
    for (let i = first; i <= last; i++) out.add(i);
  }
  return out;
}

/** Sorted intervals: [0,1,2,5,7,8] → "0-2,5,7-8". */
export function formatIndexes(indexes: Iterable<number>): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
