// Pod garbage collector (upstream's podgc): every 20 s it force-deletes pods nobody else will —
// terminated pods above the threshold (evicted and oldest first), pods bound to nodes that no longer
// exist (after a quarantine and a fresh GET, so a lagging cache never costs pods), terminating pods
// on not-ready out-of-service nodes, and terminating pods that were never scheduled.
import type { Node, Pod, PodCondition } from 'kubernetes-types/core/v1.d.ts';
import { isNotFound, sleep, type Clock, type Controller, type ReadonlyStore, type ResourceClient } from '../../client/index.ts';
import type { Logger } from '../../log/logger.ts';
import type { ControllerContext } from '../types.ts';

export const GC_CHECK_PERIOD_MS = 20_000;
/** How long a node must stay missing before its pods are collected (upstream quarantineTime). */
export const QUARANTINE_MS = 40_000;
const OUT_OF_SERVICE_TAINT = 'node.kubernetes.io/out-of-service';

export interface PodGcOptions {
  pods: ReadonlyStore<Pod>;
  nodes: ReadonlyStore<Node>;
  podClient: Pick<ResourceClient<Pod>, 'inNamespace'>;
  nodeClient: Pick<ResourceClient<Node>, 'get'>;
  clock: Clock;
  logger: Logger;
  terminatedPodThreshold: number;
  quarantineMs?: number;
}

const isTerminal = (p: Pod) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
const isEvicted = (p: Pod) => p.status?.phase === 'Failed' && p.status.reason === 'Evicted';
const created = (p: Pod) => Date.parse(p.metadata?.creationTimestamp ?? '') || 0;

/** Evicted pods first, then oldest first (upstream's byEvictionAndCreationTimestamp). */
export function gcOrder(a: Pod, b: Pod): number {
  if (isEvicted(a) !== isEvicted(b)) return isEvicted(a) ? -1 : 1;
  return created(a) - created(b) || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');
}

function isNodeReady(node: Node): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export class PodGc {
  readonly #o: PodGcOptions;
  /** Node names first seen missing, and when. */
  readonly #missingSince = new Map<string, number>();

  constructor(options: PodGcOptions) {
    this.#o = options;
  }

  async gc(): Promise<void> {
    const pods = this.#o.pods.list();
    await this.#gcTerminated(pods);
    await this.#gcTerminatingOutOfService(pods);
    await this.#gcOrphaned(pods);
    await this.#gcUnscheduledTerminating(pods);
  }

  async #gcTerminated(pods: Pod[]): Promise<void> {
    const threshold = this.#o.terminatedPodThreshold;
    if (threshold <= 0) return;
    const terminated = pods.filter(isTerminal);
    const excess = terminated.length - threshold;
    if (excess <= 0) return;
    this.#o.logger.info('garbage collecting terminated pods', { count: excess, threshold });
    await this.#each(terminated.sort(gcOrder).slice(0, excess), (p) => this.#markFailedAndDelete(p));
  }

  async #gcTerminatingOutOfService(pods: Pod[]): Promise<void> {
    const doomed = pods.filter((p) => {
      if (!p.metadata?.deletionTimestamp || !p.spec?.nodeName) return false;
      const node = this.#o.nodes.getByName(undefined, p.spec.nodeName);
      return !!node && !isNodeReady(node) && (node.spec?.taints ?? []).some((t) => t.key === OUT_OF_SERVICE_TAINT);
    });
    await this.#each(doomed, (p) => this.#markFailedAndDelete(p));
  }

  async #gcOrphaned(pods: Pod[]): Promise<void> {
    const now = this.#o.clock.now();
    const quarantine = this.#o.quarantineMs ?? QUARANTINE_MS;
    const missing = new Set<string>();
    for (const p of pods) {
      const name = p.spec?.nodeName;
      if (name && !this.#o.nodes.getByName(undefined, name)) missing.add(name);
    }
    for (const name of this.#missingSince.keys()) if (!missing.has(name)) this.#missingSince.delete(name);
    const gone = new Set<string>();
    for (const name of missing) {
      const since = this.#missingSince.get(name);
      if (since === undefined) this.#missingSince.set(name, now);
      else if (now - since >= quarantine && (await this.#nodeIsGone(name))) gone.add(name);
    }
    if (gone.size === 0) return;
    const orphans = pods.filter((p) => gone.has(p.spec?.nodeName ?? ''));
    const condition: PodCondition = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' };
    await this.#each(orphans, (p) => this.#markFailedAndDelete(p, condition));
  }

  async #gcUnscheduledTerminating(pods: Pod[]): Promise<void> {
    await this.#each(pods.filter((p) => p.metadata?.deletionTimestamp && !p.spec?.nodeName), (p) => this.#markFailedAndDelete(p));
  }

  /** The cache may lag: only the API server saying NotFound counts. */
  async #nodeIsGone(name: string): Promise<boolean> {
    try {
      await this.#o.nodeClient.get(name);
      this.#missingSince.delete(name);
      return false;
    } catch (err) {
      if (isNotFound(err)) return true;
      throw err;
    }
  }

  async #markFailedAndDelete(pod: Pod, condition?: PodCondition): Promise<void> {
    const { namespace, name, uid } = pod.metadata!;
    const client = this.#o.podClient.inNamespace(namespace!);
    try {
      if (!isTerminal(pod)) {
        const status: Pod['status'] = { phase: 'Failed' };
        if (condition) status.conditions = [{ ...condition, lastTransitionTime: new Date(this.#o.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z') }];
        await client.patchStatus(name!, { status }, 'strategic');
      }
      await client.delete(name!, { gracePeriodSeconds: 0, preconditions: { uid } });
      this.#o.logger.info('pod garbage collected', { pod: `${namespace}/${name}`, node: pod.spec?.nodeName });
    } catch (err) {
      if (!isNotFound(err)) this.#o.logger.warn('pod garbage collection failed', { pod: `${namespace}/${name}`, error: String(err) });
    }
  }

  async #each(pods: Pod[], fn: (p: Pod) => Promise<void>): Promise<void> {
    const parallel = 50;
    for (let i = 0; i < pods.length; i += parallel) await Promise.all(pods.slice(i, i + parallel).map(fn));
  }
}

export function podGcController(ctx: ControllerContext): Controller {
  const pods = ctx.informers.informerForKind<Pod>('', 'v1', 'Pod');
  const nodes = ctx.informers.informerForKind<Node>('', 'v1', 'Node');
  const logger = ctx.logger.with({ controller: 'pod-garbage-collector' });
  const gc = new PodGc({
    pods: pods.store,
    nodes: nodes.store,
    podClient: ctx.client.forKind<Pod>('', 'v1', 'Pod'),
    nodeClient: ctx.client.forKind<Node>('', 'v1', 'Node'),
    clock: ctx.clock,
    logger,
    terminatedPodThreshold: ctx.options.terminatedPodGCThreshold,
  });
  return {
    name: 'pod-garbage-collector',
    async run(signal) {
      if (!(await pods.waitForSync(signal)) || !(await nodes.waitForSync(signal))) return;
      while (!signal.aborted) {
        await gc.gc().catch((err: unknown) => logger.warn('pod gc pass failed', { error: String(err) }));
        await sleep(ctx.clock, GC_CHECK_PERIOD_MS, signal);
      }
    },
  };
}
