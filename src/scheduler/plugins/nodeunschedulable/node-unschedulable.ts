// NodeUnschedulable: keeps pods off cordoned nodes (spec.unschedulable) unless they tolerate the
// node.kubernetes.io/unschedulable:NoSchedule taint.
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1.d.ts';
import { ActionType, type ClusterEventWithHint } from '../../framework/events.ts';
import type { CycleState, EnqueueExtensions, FilterPlugin } from '../../framework/interface.ts';
import type { NodeInfo } from '../../framework/node-info.ts';
import { errorStatus, SUCCESS, unresolvable, type Status } from '../../framework/status.ts';
import { toleratedBy } from '../helper/taints.ts';

export const NAME = 'NodeUnschedulable';
export const REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

function fits(pod: Pod, node: Node): boolean {
  return !node.spec?.unschedulable || toleratedBy(UNSCHEDULABLE_TAINT, pod.spec?.tolerations);
}

export class NodeUnschedulable implements FilterPlugin, EnqueueExtensions {
  readonly name = NAME;

  filter(_state: CycleState, pod: Pod, node: NodeInfo): Status {
    if (!node.node) return errorStatus('node not found');
    return fits(pod, node.node) ? SUCCESS : unresolvable(REASON_UNSCHEDULABLE);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [{ event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeTaint }, hint: (pod, _old, cur) => (fits(pod, cur as Node) ? 'Queue' : 'Skip') }];
  }
}

export const newNodeUnschedulable = (): NodeUnschedulable => new NodeUnschedulable();
