// NodePorts: a host port (IP, protocol, port) can be taken by one pod per node; 0.0.0.0 takes
// the port on every IP.
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { ActionType, type ClusterEventWithHint } from '../../framework/events.ts';
import type { CycleState, EnqueueExtensions, FilterPlugin, PreFilterPlugin } from '../../framework/interface.ts';
import { podHostPorts, type HostPort, type NodeInfo } from '../../framework/node-info.ts';
import { SKIP, SUCCESS, unschedulable, type Status } from '../../framework/status.ts';

export const NAME = 'NodePorts';
export const REASON_PORTS = "node(s) didn't have free ports for the requested pod ports";
const STATE_KEY = 'PreFilter' + NAME;

export class NodePorts implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  readonly name = NAME;

  preFilter(state: CycleState, pod: Pod): Status {
    const ports = podHostPorts(pod);
    if (!ports.length) return SKIP;
    state.write(STATE_KEY, ports);
    return SUCCESS;
  }

  filter(state: CycleState, pod: Pod, node: NodeInfo): Status {
    const wanted = state.read<HostPort[]>(STATE_KEY) ?? podHostPorts(pod);
    return wanted.some((p) => node.usedPorts.conflicts(p.ip, p.protocol, p.port)) ? unschedulable(REASON_PORTS) : SUCCESS;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      // A pod on the node going away may free the port.
      { event: { resource: 'Pod', actionType: ActionType.Delete } },
      { event: { resource: 'Node', actionType: ActionType.Add } },
    ];
  }
}

export const newNodePorts = (): NodePorts => new NodePorts();
