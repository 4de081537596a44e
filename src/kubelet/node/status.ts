// The Node object a kubelet registers and the status it reports: capacity, addresses, nodeInfo and
// the four kubelet conditions with upstream's reasons and messages (pkg/kubelet/nodestatus/setters.go).
// Pure: time and runtime health come in as arguments.
import type { Node, NodeCondition, NodeStatus, NodeSystemInfo } from 'kubernetes-types/core/v1.d.ts';
import { rfc3339, sameJSON } from '../json.ts';
import type { RuntimeCondition } from '../runtime/types.ts';

export const KUBELET_VERSION = 'v1.32.0-kites';
export const KUBELET_PORT = 10250;

export interface NodeConfig {
  name: string;
  /** Labels the kubelet sets (standard ones are added by nodeLabels). */
  labels: Record<string, string>;
  capacity: Record<string, string>;
  internalIP: string;
  hostname: string;
  nodeInfo: NodeSystemInfo;
  /** The port the kubelet server listens on (KUBELET_PORT unless the agent picked another). */
  kubeletPort?: number;
}

/** kubernetes.io/hostname, kubernetes.io/os, kubernetes.io/arch and their beta twins, plus the user's. */
export function nodeLabels(config: Pick<NodeConfig, 'hostname' | 'labels' | 'nodeInfo'>): Record<string, string> {
  const { operatingSystem: os, architecture: arch } = config.nodeInfo;
  return {
    'beta.kubernetes.io/arch': arch,
    'beta.kubernetes.io/os': os,
    'kubernetes.io/arch': arch,
    'kubernetes.io/hostname': config.hostname,
    'kubernetes.io/os': os,
    ...config.labels,
  };
}

export function initialNode(config: NodeConfig): Node {
  return { apiVersion: 'v1', kind: 'Node', metadata: { name: config.name, labels: nodeLabels(config) }, spec: {} };
}

type Conditions = Pick<NodeCondition, 'type' | 'status' | 'reason' | 'message'>[];

function conditionsFor(runtime: RuntimeCondition[]): Conditions {
  const down = runtime.filter((c) => !c.status);
  const ready = down.length === 0
    ? { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }
    : { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: down.map((c) => `container runtime ${c.type === 'NetworkReady' ? 'network ' : ''}not ready: ${c.type}=false reason:${c.reason} message:${c.message}`).join(', ') };
  return [
    { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
    { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
    { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
    ready,
  ];
}

/** The status to report now; conditions keep their lastTransitionTime while their status stays. */
export function desiredNodeStatus(config: NodeConfig, old: NodeStatus | undefined, runtime: RuntimeCondition[], now: number): NodeStatus {
  const previous = new Map((old?.conditions ?? []).map((c) => [c.type, c]));
  const conditions = conditionsFor(runtime).map((c): NodeCondition => {
    const prev = previous.get(c.type);
    const lastTransitionTime = prev && prev.status === c.status && prev.lastTransitionTime ? prev.lastTransitionTime : rfc3339(now);
    return { ...c, lastHeartbeatTime: rfc3339(now), lastTransitionTime };
  });
  return {
    capacity: { ...config.capacity },
    allocatable: { ...config.capacity },
    conditions,
    addresses: [
      { type: 'InternalIP', address: config.internalIP },
      { type: 'Hostname', address: config.hostname },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: config.kubeletPort ?? KUBELET_PORT } },
    nodeInfo: { ...config.nodeInfo },
  };
}

/** Whether anything but heartbeat times differs (a change is reported at once; sameness only every few minutes). */
export function nodeStatusChanged(old: NodeStatus | undefined, next: NodeStatus): boolean {
  const strip = (s: NodeStatus | undefined) => ({
    capacity: s?.capacity, allocatable: s?.allocatable, addresses: s?.addresses, nodeInfo: s?.nodeInfo,
    daemonEndpoints: s?.daemonEndpoints,
    conditions: (s?.conditions ?? []).map((c) => ({ type: c.type, status: c.status, reason: c.reason, message: c.message, lastTransitionTime: c.lastTransitionTime })),
  });
  return !sameJSON(strip(old), strip(next));
}
