// TaintToleration: NoSchedule/NoExecute taints the pod does not tolerate rule a node out;
// untolerated PreferNoSchedule taints lower its score (fewer is better).
import type { Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1.d.ts';
import { ActionType, type ClusterEventWithHint } from '../../framework/events.ts';
import type { CycleState, EnqueueExtensions, FilterPlugin, NodeScore, PreScorePlugin, ScorePlugin } from '../../framework/interface.ts';
import type { NodeInfo } from '../../framework/node-info.ts';
import { errorStatus, SUCCESS, unresolvable, type Status } from '../../framework/status.ts';
import { defaultNormalizeScore } from '../helper/normalize.ts';
import { firstUntolerated, toleratedBy } from '../helper/taints.ts';

export const NAME = 'TaintToleration';
const STATE_KEY = 'PreScore' + NAME;

const hard = (t: Taint) => t.effect === 'NoSchedule' || t.effect === 'NoExecute';

export const untoleratedTaintReason = (t: Taint) => `node(s) had untolerated taint {${t.key}: ${t.value ?? ''}}`;

function untolerated(pod: Pod, node: Node | undefined): Taint | undefined {
  return firstUntolerated(node?.spec?.taints, pod.spec?.tolerations, hard);
}

export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = NAME;

  filter(_state: CycleState, pod: Pod, node: NodeInfo): Status {
    if (!node.node) return errorStatus('invalid nodeInfo');
    const taint = untolerated(pod, node.node);
    return taint ? unresolvable(untoleratedTaintReason(taint)) : SUCCESS;
  }

  preScore(state: CycleState, pod: Pod): Status {
    // Only tolerations that can cover PreferNoSchedule taints matter for the score.
    const tolerations = (pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    state.write(STATE_KEY, tolerations);
    return SUCCESS;
  }

  score(state: CycleState, pod: Pod, node: NodeInfo): number {
    const tolerations = state.read<Toleration[]>(STATE_KEY) ?? pod.spec?.tolerations ?? [];
    return (node.node?.spec?.taints ?? []).filter((t) => t.effect === 'PreferNoSchedule' && !toleratedBy(t, tolerations)).length;
  }

  normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): Status {
    defaultNormalizeScore(scores, true);
    return SUCCESS;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [{ event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeTaint }, hint: (pod, _old, cur) => (untolerated(pod, cur as Node) ? 'Skip' : 'Queue') }];
  }
}

export const newTaintToleration = (): TaintToleration => new TaintToleration();
