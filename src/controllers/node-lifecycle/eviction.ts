// Taint-based eviction (upstream's NoExecute taint manager): a pod on a node with a NoExecute taint it
// does not tolerate is deleted at once; one whose tolerations carry tolerationSeconds is deleted that
// long after the controller first saw it under the taint, unless the taint goes first.
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import { isNotFound, type Clock, type EventRecorder, type ReadonlyStore, type ReconcileResult, type ResourceClient } from '../../client/index.ts';
import type { Logger } from '../../log/logger.ts';
import { metaTime } from './health.ts';
import { tolerationWindowMs } from './taints.ts';

export interface TaintEvictionOptions {
  pods: ReadonlyStore<Pod>;
  nodes: ReadonlyStore<Node>;
  podClient: Pick<ResourceClient<Pod>, 'inNamespace'>;
  recorder: Pick<EventRecorder, 'event'>;
  clock: Clock;
  logger: Logger;
}

export const noExecuteTaints = (node: Node | undefined) => (node?.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');

export class TaintEviction {
  /** Pod key → when it was first seen on a node with NoExecute taints it tolerates for a while. */
  readonly #since = new Map<string, number>();

  constructor(readonly o: TaintEvictionOptions) {}

  async sync(key: string): Promise<ReconcileResult> {
    const [namespace, name] = key.split('/') as [string, string];
    const pod = this.o.pods.getByName(namespace, name);
    const nodeName = pod?.spec?.nodeName;
    const taints = nodeName ? noExecuteTaints(this.o.nodes.getByName(undefined, nodeName)) : [];
    if (!pod || pod.metadata?.deletionTimestamp || taints.length === 0) {
      this.#since.delete(key);
      return;
    }
    const windowMs = tolerationWindowMs(taints, pod.spec?.tolerations ?? []);
    if (windowMs === Infinity) {
      this.#since.delete(key);
      return;
    }
    const now = this.o.clock.now();
    const since = this.#since.get(key) ?? now;
    this.#since.set(key, since);
    if (now - since < windowMs) return { requeueAfter: since + windowMs - now };
    await this.#evict(pod, now);
    this.#since.delete(key);
  }

  async #evict(pod: Pod, now: number): Promise<void> {
    const { namespace, name, uid } = pod.metadata!;
    const client = this.o.podClient.inNamespace(namespace!);
    void this.o.recorder.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${namespace}/${name}`);
    try {
      const condition = { type: 'DisruptionTarget', status: 'True', reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint', lastTransitionTime: metaTime(now) };
      await client.patchStatus(name!, { status: { conditions: [condition] } }, 'strategic');
      await client.delete(name!, { preconditions: { uid } });
      this.o.logger.info('evicted pod from tainted node', { pod: `${namespace}/${name}`, node: pod.spec?.nodeName });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
