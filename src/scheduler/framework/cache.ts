// The scheduler's view of the cluster between informer events: nodes and the pods on them —
// confirmed (seen assigned in the API) or assumed (bound by us, not yet seen). Assuming a pod
// reserves its resources at once, so the next scheduling cycle already sees them while the bind
// is still in flight.
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import { hasAffinity, NodeInfo, newPodInfo, podKey, type PodInfo } from './node-info.ts';

interface PodState {
  info: PodInfo;
  node: string;
  assumed: boolean;
}

export class Cache {
  readonly #nodes = new Map<string, NodeInfo>();
  readonly #pods = new Map<string, PodState>();
  /** Names changed since the snapshot last looked; drained by updateSnapshot. */
  readonly #dirty = new Set<string>();
  #generation = 0;
  #nodeObjectsChanged = true;
  /** A pod with pod (anti-)affinity terms was placed or removed since the last snapshot. */
  #affinityChanged = false;

  addNode(node: Node): void {
    const name = node.metadata!.name!;
    const info = this.#nodes.get(name) ?? new NodeInfo();
    info.setNode(node);
    this.#nodes.set(name, info);
    this.#nodeObjectsChanged = true;
    this.#touch(name);
  }

  updateNode(node: Node): void {
    this.addNode(node);
  }

  removeNode(name: string): void {
    const info = this.#nodes.get(name);
    if (!info) return;
    // Pods still listed keep the NodeInfo until they are gone too (upstream does the same).
    if (info.pods.length) info.node = undefined;
    else this.#nodes.delete(name);
    this.#nodeObjectsChanged = true;
    this.#touch(name);
  }

  /** Reserves the pod on pod.spec.nodeName before the bind is confirmed. */
  assumePod(pod: Pod): void {
    const key = podKey(pod);
    if (this.#pods.has(key)) throw new Error(`pod ${key} is already in the scheduler cache`);
    this.#place(key, pod, true);
  }

  /** Drops an assumed pod whose bind failed. */
  forgetPod(pod: Pod): void {
    const state = this.#pods.get(podKey(pod));
    if (state?.assumed) this.#unplace(podKey(pod));
  }

  isAssumed(pod: Pod): boolean {
    return this.#pods.get(podKey(pod))?.assumed ?? false;
  }

  /** An assigned pod seen through the API: confirms an assumed pod, or adds/moves it. */
  addPod(pod: Pod): void {
    const key = podKey(pod);
    const state = this.#pods.get(key);
    if (state) this.#unplace(key);
    this.#place(key, pod, false);
  }

  updatePod(pod: Pod): void {
    this.addPod(pod);
  }

  removePod(pod: Pod): void {
    if (this.#pods.has(podKey(pod))) this.#unplace(podKey(pod));
  }

  nodeCount(): number {
    return [...this.#nodes.values()].filter((n) => n.node).length;
  }

  /**
   * Brings `snapshot` up to date, copying only the nodes that changed since its last update. The node
   * list keeps its order and is patched in place unless nodes came or went; the affinity lists are
   * rebuilt only when a pod with affinity terms moved.
   */
  updateSnapshot(snapshot: Snapshot): void {
    if (!this.#dirty.size) return;
    let membershipChanged = false;
    for (const name of this.#dirty) {
      const info = this.#nodes.get(name);
      const had = snapshot.nodeInfoMap.has(name);
      if (info?.node) {
        const copy = info.clone();
        snapshot.nodeInfoMap.set(name, copy);
        const i = snapshot.indexOf.get(name);
        if (had && i !== undefined) snapshot.nodeInfoList[i] = copy;
        else membershipChanged = true;
      } else if (had) {
        snapshot.nodeInfoMap.delete(name);
        membershipChanged = true;
      }
    }
    this.#dirty.clear();
    if (membershipChanged) {
      snapshot.nodeInfoList = [...snapshot.nodeInfoMap.values()];
      snapshot.indexOf = new Map(snapshot.nodeInfoList.map((n, i) => [n.name, i]));
    }
    if (membershipChanged || this.#affinityChanged) {
      snapshot.havePodsWithAffinityList = snapshot.nodeInfoList.filter((n) => n.podsWithAffinity.length > 0);
      snapshot.havePodsWithRequiredAntiAffinityList = snapshot.nodeInfoList.filter((n) => n.podsWithRequiredAntiAffinity.length > 0);
    } else {
      // Same nodes, same affinity pods: point the lists at the fresh copies.
      const fresh = (list: NodeInfo[]) => list.map((n) => snapshot.nodeInfoMap.get(n.name)!);
      snapshot.havePodsWithAffinityList = fresh(snapshot.havePodsWithAffinityList);
      snapshot.havePodsWithRequiredAntiAffinityList = fresh(snapshot.havePodsWithRequiredAntiAffinityList);
    }
    this.#affinityChanged = false;
    if (this.#nodeObjectsChanged) snapshot.imageNodeCounts = countImages(snapshot.nodeInfoList);
    this.#nodeObjectsChanged = false;
    snapshot.generation = this.#generation;
  }

  #place(key: string, pod: Pod, assumed: boolean): void {
    const node = pod.spec!.nodeName!;
    const info = newPodInfo(pod);
    let nodeInfo = this.#nodes.get(node);
    if (!nodeInfo) this.#nodes.set(node, (nodeInfo = new NodeInfo()));
    nodeInfo.addPod(info);
    if (hasAffinity(info)) this.#affinityChanged = true;
    this.#pods.set(key, { info, node, assumed });
    this.#touch(node);
  }

  #unplace(key: string): void {
    const state = this.#pods.get(key)!;
    this.#pods.delete(key);
    const nodeInfo = this.#nodes.get(state.node);
    if (!nodeInfo) return;
    nodeInfo.removePod(key);
    if (hasAffinity(state.info)) this.#affinityChanged = true;
    if (!nodeInfo.node && !nodeInfo.pods.length) this.#nodes.delete(state.node);
    this.#touch(state.node);
  }

  #touch(name: string): void {
    const info = this.#nodes.get(name);
    if (info) info.generation = ++this.#generation;
    this.#dirty.add(name);
  }
}

/** One scheduling cycle's consistent, read-only view of the nodes. */
export class Snapshot {
  nodeInfoMap = new Map<string, NodeInfo>();
  nodeInfoList: NodeInfo[] = [];
  /** Position of each node in nodeInfoList. */
  indexOf = new Map<string, number>();
  /** Nodes hosting a pod with any pod (anti-)affinity term (InterPodAffinity scoring looks only here). */
  havePodsWithAffinityList: NodeInfo[] = [];
  /** Nodes hosting a pod with required anti-affinity (its symmetry is checked for every incoming pod). */
  havePodsWithRequiredAntiAffinityList: NodeInfo[] = [];
  /** How many nodes hold each image (ImageLocality spreads its score by it). */
  imageNodeCounts = new Map<string, number>();
  generation = 0;

  get(name: string): NodeInfo | undefined {
    return this.nodeInfoMap.get(name);
  }

  /** A snapshot of fixed nodes and pods, for tests and simulations. */
  static of(nodes: Node[], pods: Pod[] = []): Snapshot {
    const cache = new Cache();
    for (const n of nodes) cache.addNode(n);
    for (const p of pods) cache.addPod(p);
    const s = new Snapshot();
    cache.updateSnapshot(s);
    return s;
  }
}

function countImages(nodes: NodeInfo[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const n of nodes) {
    const names = new Set((n.node?.status?.images ?? []).flatMap((i) => i.names ?? []));
    for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
}
