// `kites agent` minus the command line: one node, or N hollow nodes NAME-0…NAME-(N-1) in one
// process sharing one client and one pod informer (filtered per node in memory — N watches on the
// same pods would be wasteful).
import type { Pod, Service } from 'kubernetes-types/core/v1.d.ts';
import { setMaxListeners } from 'node:events';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SharedInformerFactory, realClock, type ApiClient, type Clock, type Informer } from '../client/index.ts';
import type { Logger } from '../log/logger.ts';
import { runProxy } from '../proxy/proxy.ts';
import { Kubelet, type KubeletOptions } from './kubelet.ts';
import { fallbackPodCidr, hollowNodeIP, hostIPv4, systemInfo } from './node/system-info.ts';
import { runtimeFactory } from './runtime/registry.ts';
import type { ContainerRuntime } from './runtime/types.ts';
import { startKubeletServer, type KubeletPortOptions } from './server/start.ts';
import type { NodePods } from './server/types.ts';

export const DEFAULT_CAPACITY: Readonly<Record<string, string>> = { cpu: '4', memory: '8Gi', 'ephemeral-storage': '100Gi', pods: '110' };

export interface AgentOptions {
  client: ApiClient;
  nodeName: string;
  dataDir: string;
  /** Runtime name from the runtime registry ('runc', 'fake'). */
  runtime: string;
  /** runc: keep the node's networking in this named network namespace. */
  nodeNetns?: string;
  /** runc: let pods reach addresses outside the cluster's ranges. */
  allowEgress?: boolean;
  /** Run this many hollow nodes named nodeName-0…; absent runs one node named nodeName. */
  hollowNodes?: number;
  labels?: Record<string, string>;
  /** Overrides of DEFAULT_CAPACITY. */
  capacity?: Record<string, string>;
  /**
   * InternalIP of the node; this host's first IPv4 by default. Hollow nodes get 10.41.1.1 onward
   * unless this is set, when they all share it (tests set 127.0.0.1 to reach their kubelet port).
   */
  nodeIP?: string;
  /** Serve the kubelet port (logs, exec) for the API server; absent serves none. */
  kubeletServer?: KubeletPortOptions;
  clock?: Clock;
  logger: Logger;
  /** Timing knobs, for tests. */
  intervals?: Pick<KubeletOptions, 'statusUpdateIntervalMs' | 'statusReportIntervalMs' | 'leaseDurationSeconds' | 'leaseRenewIntervalMs' | 'podResyncIntervalMs'>;
}

export interface AgentNode {
  name: string;
  internalIP: string;
  fallbackPodCidr: string;
}

/** The nodes an agent runs. */
export function agentNodes(options: Pick<AgentOptions, 'nodeName' | 'hollowNodes' | 'nodeIP'>): AgentNode[] {
  if (options.hollowNodes === undefined) {
    return [{ name: options.nodeName, internalIP: options.nodeIP ?? hostIPv4(), fallbackPodCidr: fallbackPodCidr(0) }];
  }
  return Array.from({ length: options.hollowNodes }, (_, i) => ({ name: `${options.nodeName}-${i}`, internalIP: options.nodeIP ?? hollowNodeIP(i), fallbackPodCidr: fallbackPodCidr(i) }));
}

/** Runs the agent's nodes until `signal` aborts; rejects at once for a runtime that does not exist. */
export async function runAgent(options: AgentOptions, signal: AbortSignal): Promise<void> {
  const clock = options.clock ?? realClock;
  // Every node's loops, sleeps and requests listen on this one signal.
  setMaxListeners(0, signal);
  const factory = runtimeFactory(options.runtime);
  const nodes = agentNodes(options);
  const logger = options.logger.with({ component: 'kubelet' });
  const informers = new SharedInformerFactory(options.client, { clock, logger });
  // One node can let the server filter; hollow nodes share every bound pod and filter in memory.
  const fieldSelector = options.hollowNodes === undefined ? `spec.nodeName=${options.nodeName}` : 'spec.nodeName!=';
  const pods = informers.informerForKind<Pod>('', 'v1', 'Pod', { fieldSelector });
  const runtimes = new Map<string, ContainerRuntime>();
  const kubeletPort = options.kubeletServer && (await startKubeletServer({
    ...options.kubeletServer, names: nodes.flatMap((n) => [n.name, n.internalIP]), pods: nodePods(pods, runtimes), clock, logger,
  }));
  // Closed on abort rather than at the end, so a node failing to start does not leave the port open.
  if (kubeletPort) signal.addEventListener('abort', () => void kubeletPort.server.close(), { once: true });
  const services = informers.informerForKind<Service>('', 'v1', 'Service');
  const kubelets: Kubelet[] = [];
  for (const n of nodes) {
    const dataDir = join(options.dataDir, 'nodes', n.name);
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const runtime = await factory({
      nodeName: n.name, dataDir, agentDataDir: options.dataDir, clock, logger, fallbackPodCidr: n.fallbackPodCidr,
      nodeNetns: options.nodeNetns, allowEgress: options.allowEgress,
    });
    runtimes.set(n.name, runtime);
    const version = await runtime.version();
    const containerRuntimeVersion = `${version.runtimeName}://${version.runtimeVersion}`;
    kubelets.push(new Kubelet({
      client: options.client, pods, services, runtime, runtimeName: version.runtimeName, clock, logger, ...options.intervals,
      dataDir, mountTmpfs: options.runtime !== 'fake' && process.getuid?.() === 0,
      node: {
        name: n.name, labels: options.labels ?? {}, capacity: { ...DEFAULT_CAPACITY, ...options.capacity },
        internalIP: n.internalIP, hostname: n.name, nodeInfo: systemInfo(n.name, containerRuntimeVersion), kubeletPort: kubeletPort?.port,
      },
    }));
  }
  informers.start(signal);
  logger.info('agent started', { nodes: nodes.length, runtime: options.runtime });
  // A real node also runs the service proxy; hollow nodes program nothing.
  const proxy = options.runtime === 'runc' ? runProxy({ client: options.client, nodeName: nodes[0]!.name, nodeIPs: [nodes[0]!.internalIP], netns: options.nodeNetns, logger: options.logger, clock }, signal) : undefined;
  await Promise.all([...kubelets.map((k) => k.run(signal)), proxy]);
  await informers.stopped();
}

/** A pod bound to one of this agent's nodes, with that node's runtime. */
function nodePods(pods: Informer<Pod>, runtimes: Map<string, ContainerRuntime>): NodePods {
  return {
    pod(namespace, name) {
      const pod = pods.store.getByName(namespace, name);
      const runtime = runtimes.get(pod?.spec?.nodeName ?? '');
      return pod && runtime ? { pod, runtime } : undefined;
    },
  };
}
