// Upstream's DefaultNormalizeScore: scale scores so the highest becomes MAX_NODE_SCORE, optionally
// reversed (fewer is better). All zeros stay zeros (or all max when reversed).
import { MAX_NODE_SCORE, type NodeScore } from '../../framework/interface.ts';

export function defaultNormalizeScore(scores: NodeScore[], reverse: boolean): void {
  const max = Math.max(0, ...scores.map((s) => s.score));
  for (const s of scores) {
    if (max === 0) {
      s.score = reverse ? MAX_NODE_SCORE : 0;
      continue;
    }
    const scaled = Math.trunc((MAX_NODE_SCORE * s.score) / max);
    s.score = reverse ? MAX_NODE_SCORE - scaled : scaled;
  }
}
