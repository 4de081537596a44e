// Pods nominated to a node by preemption and not bound yet (upstream's nominator in the scheduling
// queue). Filters of lower-priority pods see them as already on the node, so the room preemption
// freed is kept for them. A nomination comes from our own PostFilter or from status.nominatedNodeName
// seen through the API; it ends when the pod is bound, deleted or re-nominated.
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { NominatedPods } from '../framework/interface.ts';
import { newPodInfo, podKey, type PodInfo } from '../framework/node-info.ts';

export class Nominator implements NominatedPods {
  readonly #byNode = new Map<string, Map<string, PodInfo>>();
  readonly #nodeOf = new Map<string, string>();

  /** Records `pod` as nominated to `nodeName` (its status may not say so yet); '' removes it. */
  nominate(pod: Pod, nodeName: string): void {
    const key = podKey(pod);
    this.remove(pod);
    if (!nodeName) return;
    this.#nodeOf.set(key, nodeName);
    let pods = this.#byNode.get(nodeName);
    if (!pods) this.#byNode.set(nodeName, (pods = new Map()));
    pods.set(key, newPodInfo(pod));
  }

  /** A pending pod seen through the API: follows status.nominatedNodeName, keeping a nomination we made that the status does not show yet. */
  update(pod: Pod): void {
    const fromStatus = pod.status?.nominatedNodeName ?? '';
    const current = this.#nodeOf.get(podKey(pod));
    if (fromStatus) this.nominate(pod, fromStatus);
    else if (current) this.nominate(pod, current);
  }

  remove(pod: Pod): void {
    const key = podKey(pod);
    const node = this.#nodeOf.get(key);
    if (node === undefined) return;
    this.#nodeOf.delete(key);
    const pods = this.#byNode.get(node)!;
    pods.delete(key);
    if (!pods.size) this.#byNode.delete(node);
  }

  nominatedNodeOf(pod: Pod): string | undefined {
    return this.#nodeOf.get(podKey(pod));
  }

  nominatedPodsForNode(nodeName: string): readonly PodInfo[] {
    const pods = this.#byNode.get(nodeName);
    return pods ? [...pods.values()] : EMPTY;
  }
}

const EMPTY: readonly PodInfo[] = [];
