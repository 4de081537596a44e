// One node's kubelet: registers the Node, then runs the status reporter, the lease heartbeat and the
// pod workers side by side until stopped. Hollow nodes are several of these in one process, sharing
// the client and the pod informer.
import type { Lease } from 'kubernetes-types/coordination/v1.d.ts';
import type { Node, Pod, Service } from 'kubernetes-types/core/v1.d.ts';
import { join } from 'node:path';
import { Backoff, EventRecorder, sleep, type ApiClient, type Clock, type Informer } from '../client/index.ts';
import type { Logger } from '../log/logger.ts';
import { NODE_LEASE_NAMESPACE, NodeLease } from './node/lease.ts';
import { registerNode } from './node/registration.ts';
import { NodeStatusReporter } from './node/status-reporter.ts';
import type { NodeConfig } from './node/status.ts';
import { PodWorkers } from './pods/workers.ts';
import type { ContainerRuntime } from './runtime/types.ts';
import { ApiConfigSource } from './volumes/source.ts';

export interface KubeletOptions {
  client: ApiClient;
  /** Pods bound to this node (possibly among others'). */
  pods: Informer<Pod>;
  /** Services, for the containers' service environment variables (listed per container start without it). */
  services?: Informer<Service>;
  node: NodeConfig;
  runtime: ContainerRuntime;
  /** The runtime's name, the scheme of container IDs. */
  runtimeName: string;
  /** The node's directory in the agent's data dir; pod volumes go to DIR/kubelet/pods/<uid>/volumes. */
  dataDir: string;
  /** Mount tmpfs for emptyDir medium Memory (a real runtime, as root). */
  mountTmpfs?: boolean;
  clock: Clock;
  logger: Logger;
  statusUpdateIntervalMs?: number;
  statusReportIntervalMs?: number;
  leaseDurationSeconds?: number;
  leaseRenewIntervalMs?: number;
  podWorkers?: number;
  /** How often pods with configMap/secret/downwardAPI/projected volumes are synced again (upstream --sync-frequency, 1 min). */
  podResyncIntervalMs?: number;
}

export class Kubelet {
  readonly #o: KubeletOptions;
  readonly #log: Logger;
  readonly #nodes;
  readonly #workers: PodWorkers;
  #node: Node | undefined;

  constructor(options: KubeletOptions) {
    this.#o = options;
    this.#log = options.logger.with({ node: options.node.name });
    this.#nodes = options.client.forKind<Node>('', 'v1', 'Node');
    this.#workers = new PodWorkers({
      nodeName: options.node.name, pods: options.pods, podClient: options.client.forKind<Pod>('', 'v1', 'Pod'),
      runtime: options.runtime, runtimeName: options.runtimeName, hostIP: options.node.internalIP,
      source: new ApiConfigSource(options.client, options.services), podsDir: join(options.dataDir, 'kubelet', 'pods'), allocatable: options.node.capacity,
      mountTmpfs: options.mountTmpfs, resyncIntervalMs: options.podResyncIntervalMs,
      recorder: new EventRecorder({ client: options.client, component: 'kubelet', host: options.node.name, clock: options.clock, logger: this.#log }),
      clock: options.clock, logger: this.#log, workers: options.podWorkers,
    });
  }

  get nodeName(): string {
    return this.#o.node.name;
  }

  /** Registers (retrying until the API server takes it), then runs until `signal` aborts. */
  async run(signal: AbortSignal): Promise<void> {
    try {
      if (!(await this.#register(signal))) return;
      const { client, clock, runtime } = this.#o;
      const status = new NodeStatusReporter({
        nodes: this.#nodes, config: this.#o.node, runtime, clock, logger: this.#log,
        updateIntervalMs: this.#o.statusUpdateIntervalMs, reportIntervalMs: this.#o.statusReportIntervalMs,
        onNode: (n) => (this.#node = n),
      });
      const lease = new NodeLease({
        leases: client.forKind<Lease>('coordination.k8s.io', 'v1', 'Lease', NODE_LEASE_NAMESPACE), nodeName: this.nodeName,
        nodeUid: () => this.#node?.metadata?.uid, clock, logger: this.#log,
        leaseDurationSeconds: this.#o.leaseDurationSeconds, renewIntervalMs: this.#o.leaseRenewIntervalMs,
      });
      await Promise.all([status.run(signal), lease.run(signal), this.#workers.run(signal)]);
    } finally {
      await this.#o.runtime.close();
    }
  }

  async #register(signal: AbortSignal): Promise<boolean> {
    const backoff = new Backoff({ initialMs: 500, maxMs: 7000 });
    while (!signal.aborted) {
      try {
        this.#node = await registerNode(this.#nodes, this.#o.node, signal);
        this.#log.info('node registered');
        return true;
      } catch (err) {
        if (signal.aborted) break;
        this.#log.warn('node registration failed; retrying', { error: err instanceof Error ? err.message : String(err) });
        await sleep(this.#o.clock, backoff.next(), signal);
      }
    }
    return false;
  }
}
