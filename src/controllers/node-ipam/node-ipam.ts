// Node IPAM (upstream's range allocator): every Node gets one /24 of the cluster pod range as
// spec.podCIDR/podCIDRs, never the same one twice. Ranges nodes already hold are occupied before
// anything is handed out (so a restart never reissues one), and a deleted node's range is freed.
import type { Node } from 'kubernetes-types/core/v1.d.ts';
import { ControllerRunner, type Controller, type EventRecorder, type ReadonlyStore, type ResourceClient } from '../../client/index.ts';
import type { Logger } from '../../log/logger.ts';
import type { ControllerContext } from '../types.ts';
import { CidrSet } from './cidr-set.ts';

export const DEFAULT_CLUSTER_CIDR = '10.42.0.0/16';
export const DEFAULT_NODE_MASK_SIZE = 24;

export interface NodeIpamOptions {
  nodes: ReadonlyStore<Node>;
  client: Pick<ResourceClient<Node>, 'patch'>;
  recorder: Pick<EventRecorder, 'event'>;
  logger: Logger;
  clusterCidr?: string;
  nodeMaskSize?: number;
}

export class NodeIpam {
  readonly #o: NodeIpamOptions;
  readonly #set: CidrSet;
  /** What each node holds as far as this allocator knows, so a vanished node's range can be freed. */
  readonly #byNode = new Map<string, string>();

  constructor(options: NodeIpamOptions) {
    this.#o = options;
    this.#set = new CidrSet(options.clusterCidr ?? DEFAULT_CLUSTER_CIDR, options.nodeMaskSize ?? DEFAULT_NODE_MASK_SIZE);
  }

  /** Occupies the ranges nodes already hold; call once the node cache has synced, before any sync. */
  rebuild(): void {
    for (const node of this.#o.nodes.list()) this.#adopt(node);
  }

  async sync(name: string): Promise<void> {
    const node = this.#o.nodes.getByName(undefined, name);
    if (!node) return this.#release(name);
    if (this.#adopt(node)) return;
    let cidr = this.#byNode.get(name);
    if (!cidr) {
      cidr = this.#set.allocateNext();
      if (!cidr) {
        void this.#o.recorder.event(node, 'Normal', 'CIDRNotAvailable', `Node ${name} status is now: CIDRNotAvailable`);
        throw new Error(`no pod CIDR left in ${this.#set.clusterCidr} for node ${name}`);
      }
      this.#byNode.set(name, cidr);
    }
    // Kept on failure: the retry patches the same range, and a node that went away frees it.
    await this.#o.client.patch(name, { spec: { podCIDR: cidr, podCIDRs: [cidr] } });
    this.#o.logger.info('assigned pod CIDR', { node: name, podCIDR: cidr });
  }

  /** Records the range a node already has; false when it has none. */
  #adopt(node: Node): boolean {
    const cidr = node.spec?.podCIDRs?.[0] ?? node.spec?.podCIDR;
    if (!cidr) return false;
    const name = node.metadata!.name!;
    const previous = this.#byNode.get(name);
    if (previous === cidr) return true;
    if (previous) this.#set.release(previous);
    if (!this.#set.occupy(cidr)) this.#o.logger.warn('node pod CIDR is outside the cluster range', { node: name, podCIDR: cidr });
    this.#byNode.set(name, cidr);
    return true;
  }

  #release(name: string): void {
    const cidr = this.#byNode.get(name);
    if (!cidr) return;
    this.#set.release(cidr);
    this.#byNode.delete(name);
    this.#o.logger.info('released pod CIDR', { node: name, podCIDR: cidr });
  }
}

export function nodeIpamController(ctx: ControllerContext): Controller {
  const nodes = ctx.informers.informerForKind<Node>('', 'v1', 'Node');
  const ipam = new NodeIpam({ nodes: nodes.store, client: ctx.client.forKind<Node>('', 'v1', 'Node'), recorder: ctx.recorder, logger: ctx.logger.with({ controller: 'node-ipam' }) });
  const synced = {
    async waitForSync(signal?: AbortSignal) {
      const ok = await nodes.waitForSync(signal);
      if (ok) ipam.rebuild();
      return ok;
    },
  };
  const runner = new ControllerRunner({ name: 'node-ipam', workers: 1, waitFor: [synced], clock: ctx.clock, logger: ctx.logger, reconcile: (key) => ipam.sync(key) });
  nodes.addEventHandler(runner.handlers());
  return runner;
}
