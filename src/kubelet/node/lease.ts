// The node's heartbeat: a coordination.k8s.io/v1 Lease named after the node in kube-node-lease,
// renewed every 10 s with a 40 s duration (upstream's renewInterval = 0.25 × leaseDuration). The
// lease is owned by the Node so the garbage collector removes it with the node
// (pkg/kubelet/nodelease, component-helpers/apimachinery/lease/controller.go).
import type { Lease } from 'kubernetes-types/coordination/v1.d.ts';
import { isConflict, isNotFound, microTime, sleep, type Clock, type ResourceClient } from '../../client/index.ts';
import type { Logger } from '../../log/logger.ts';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

export interface NodeLeaseOptions {
  /** Leases in kube-node-lease. */
  leases: ResourceClient<Lease>;
  nodeName: string;
  /** The Node's uid for the lease's owner reference, once registered. */
  nodeUid: () => string | undefined;
  clock: Clock;
  logger: Logger;
  leaseDurationSeconds?: number;
  renewIntervalMs?: number;
  /** Wait after a failed renewal before trying again. */
  retryMs?: number;
}

export class NodeLease {
  readonly #o: NodeLeaseOptions;
  readonly #duration: number;
  #lease: Lease | undefined;

  constructor(options: NodeLeaseOptions) {
    this.#o = options;
    this.#duration = options.leaseDurationSeconds ?? 40;
  }

  get renewIntervalMs(): number {
    return this.#o.renewIntervalMs ?? this.#duration * 250;
  }

  /** Renews until `signal` aborts; a failed renewal is retried sooner, never thrown. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let wait = this.renewIntervalMs;
      try {
        await this.renew(signal);
      } catch (err) {
        if (signal.aborted) return;
        this.#lease = undefined;
        wait = this.#o.retryMs ?? 1000;
        this.#o.logger.warn('node lease renewal failed', { node: this.#o.nodeName, error: err instanceof Error ? err.message : String(err) });
      }
      await sleep(this.#o.clock, wait, signal);
    }
  }

  /** One renewal: creates the lease when missing, else moves renewTime to now. */
  async renew(signal?: AbortSignal): Promise<Lease> {
    const { leases, nodeName, clock } = this.#o;
    if (!this.#lease) this.#lease = await leases.get(nodeName, { signal }).catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err)));
    const now = microTime(clock.now());
    if (!this.#lease) {
      this.#lease = await leases.create(this.#newLease(now), { signal });
      return this.#lease;
    }
    const next = structuredClone(this.#lease);
    next.spec = { ...next.spec, holderIdentity: nodeName, leaseDurationSeconds: this.#duration, renewTime: now };
    const owners = this.#owners();
    if (owners && !next.metadata?.ownerReferences?.length) next.metadata = { ...next.metadata, ownerReferences: owners };
    try {
      this.#lease = await leases.update(next, { signal });
    } catch (err) {
      // Someone else wrote it (or it vanished): start from a fresh read next time.
      if (isConflict(err) || isNotFound(err)) this.#lease = undefined;
      throw err;
    }
    return this.#lease;
  }

  #newLease(renewTime: string): Lease {
    const owners = this.#owners();
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: this.#o.nodeName, namespace: NODE_LEASE_NAMESPACE, ...(owners ? { ownerReferences: owners } : {}) },
      spec: { holderIdentity: this.#o.nodeName, leaseDurationSeconds: this.#duration, renewTime },
    };
  }

  #owners() {
    const uid = this.#o.nodeUid();
    return uid ? [{ apiVersion: 'v1', kind: 'Node', name: this.#o.nodeName, uid }] : undefined;
  }
}
