// Node status updates: every 10 s (nodeStatusUpdateFrequency) the kubelet computes its status and
// patches it when something changed or 5 minutes (nodeStatusReportFrequency) have passed since the
// last report — upstream's behaviour since the node lease took over the heartbeat, which keeps
// hundreds of hollow nodes from writing 10 status updates a second. Each tick also reads the Node to
// pass its pod CIDR (assigned by the control plane) to the runtime.
import type { Node } from 'kubernetes-types/core/v1.d.ts';
import { sleep, type Clock, type ResourceClient } from '../../client/index.ts';
import type { Logger } from '../../log/logger.ts';
import type { ContainerRuntime } from '../runtime/types.ts';
import { desiredNodeStatus, nodeStatusChanged, type NodeConfig } from './status.ts';

export interface NodeStatusReporterOptions {
  nodes: ResourceClient<Node>;
  config: NodeConfig;
  runtime: ContainerRuntime;
  clock: Clock;
  logger: Logger;
  updateIntervalMs?: number;
  reportIntervalMs?: number;
  /** Told the node whenever it is read (the agent keeps the pod CIDR and uid from it). */
  onNode?: (node: Node) => void;
}

export class NodeStatusReporter {
  readonly #o: NodeStatusReporterOptions;
  #lastReport = -Infinity;

  constructor(options: NodeStatusReporterOptions) {
    this.#o = options;
  }

  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.tick(signal);
      } catch (err) {
        if (signal.aborted) return;
        this.#o.logger.warn('node status update failed', { node: this.#o.config.name, error: err instanceof Error ? err.message : String(err) });
      }
      await sleep(this.#o.clock, this.#o.updateIntervalMs ?? 10_000, signal);
    }
  }

  /** One update; answers whether a status was written. */
  async tick(signal?: AbortSignal): Promise<boolean> {
    const { nodes, config, runtime, clock } = this.#o;
    const node = await nodes.get(config.name, { resourceVersion: '0', signal });
    this.#o.onNode?.(node);
    if (node.spec?.podCIDR) await runtime.updateRuntimeConfig({ podCidr: node.spec.podCIDR });
    const now = clock.now();
    const status = desiredNodeStatus(config, node.status, await runtime.status(), now);
    const due = now - this.#lastReport >= (this.#o.reportIntervalMs ?? 300_000);
    if (!due && !nodeStatusChanged(node.status, status)) return false;
    // Strategic merge: conditions and addresses merge by type, so conditions others set survive.
    const written = await nodes.patchStatus(config.name, { status }, 'strategic', { signal });
    this.#o.onNode?.(written);
    this.#lastReport = now;
    return true;
  }
}
