// NodeAffinity: spec.nodeSelector and required node affinity filter nodes; preferred terms add
// their weights to a node's score.
import type { Node, Pod, PreferredSchedulingTerm } from 'kubernetes-types/core/v1.d.ts';
import { ActionType, type ClusterEventWithHint } from '../../framework/events.ts';
import type { CycleState, EnqueueExtensions, FilterPlugin, NodeScore, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interface.ts';
import type { NodeInfo } from '../../framework/node-info.ts';
import { errorStatus, SKIP, SUCCESS, unresolvable, type Status } from '../../framework/status.ts';
import { matchesRequiredNodeAffinity, matchesTerm } from '../../../api/node-affinity.ts';
import { defaultNormalizeScore } from '../helper/normalize.ts';

export const NAME = 'NodeAffinity';
export const REASON_AFFINITY = "node(s) didn't match Pod's node affinity/selector";

export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = NAME;

  preFilter(_state: CycleState, pod: Pod): Status {
    const hasSelector = Object.keys(pod.spec?.nodeSelector ?? {}).length > 0;
    const hasRequired = Boolean(pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
    return hasSelector || hasRequired ? SUCCESS : SKIP;
  }

  filter(_state: CycleState, pod: Pod, node: NodeInfo): Status {
    if (!node.node) return errorStatus('node not found');
    return matchesRequiredNodeAffinity(pod, node.node) ? SUCCESS : unresolvable(REASON_AFFINITY);
  }

  preScore(_state: CycleState, pod: Pod): Status {
    return preferred(pod).length ? SUCCESS : SKIP;
  }

  score(_state: CycleState, pod: Pod, node: NodeInfo): number {
    let total = 0;
    for (const term of preferred(pod)) if (term.weight && matchesTerm(term.preference, node.node!)) total += term.weight;
    return total;
  }

  normalizeScore(_state: CycleState, _pod: Pod, scores: NodeScore[]): Status {
    defaultNormalizeScore(scores, false);
    return SUCCESS;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [{ event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel }, hint: (pod, _old, cur) => (matchesRequiredNodeAffinity(pod, cur as Node) ? 'Queue' : 'Skip') }];
  }
}

function preferred(pod: Pod): PreferredSchedulingTerm[] {
  return pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
}

export const newNodeAffinity = (): NodeAffinity => new NodeAffinity();
