// The ownership graph: one node per object uid with its ownerReferences (edges up) and the objects
// that name it as an owner (edges down), kept current by informer events. An owner seen only through
// a dependent's reference is a "virtual" node until an informer reports it, and must be verified with
// a live GET: it may simply be newer than the cache, or gone for good. Every change answers which
// uids the workers should look at (upstream: garbagecollector/graph_builder.go processGraphChanges).
import type { OwnerReference } from 'kubernetes-types/meta/v1.d.ts';
import type { KubeObject } from '../../client/index.ts';

export const FOREGROUND_FINALIZER = 'foregroundDeletion';
export const ORPHAN_FINALIZER = 'orphan';

export interface Identity {
  apiVersion: string;
  kind: string;
  /** The object's namespace; for a virtual node, its first dependent's (an owner is in the same namespace or cluster-scoped). */
  namespace?: string;
  name: string;
  uid: string;
}

export class GraphNode {
  owners: readonly OwnerReference[] = [];
  readonly dependents = new Set<GraphNode>();
  beingDeleted = false;
  /** Being deleted in the foreground: waits for its blocking dependents. */
  deletingDependents = false;
  /** Being deleted with the orphan finalizer: its dependents lose their reference to it. */
  orphaning = false;

  constructor(
    public identity: Identity,
    public virtual: boolean,
  ) {}
}

/** Uids the graph change asks workers to examine: attemptToDelete and attemptToOrphan queues. */
export interface GraphWork {
  attemptToDelete: Set<string>;
  attemptToOrphan: Set<string>;
}

const noWork = (): GraphWork => ({ attemptToDelete: new Set(), attemptToOrphan: new Set() });

export class OwnershipGraph {
  readonly #nodes = new Map<string, GraphNode>();

  get(uid: string): GraphNode | undefined {
    return this.#nodes.get(uid);
  }

  get size(): number {
    return this.#nodes.size;
  }

  /** An informer added or updated `obj` (of the given apiVersion and kind). */
  observe(obj: KubeObject, type: { apiVersion: string; kind: string }): GraphWork {
    const work = noWork();
    const meta = obj.metadata;
    if (!meta?.uid || !meta.name) return work;
    const identity: Identity = { apiVersion: type.apiVersion, kind: type.kind, namespace: meta.namespace, name: meta.name, uid: meta.uid };
    let node = this.#nodes.get(meta.uid);
    const isNew = !node || node.virtual;
    if (!node) {
      node = new GraphNode(identity, false);
      this.#nodes.set(meta.uid, node);
    }
    node.virtual = false;
    node.identity = identity;
    this.#setOwners(node, meta.ownerReferences ?? [], work);
    // A dependent created while an owner waits for its dependents must be collected too.
    if (isNew && node.owners.some((r) => this.#nodes.get(r.uid)?.deletingDependents)) work.attemptToDelete.add(meta.uid);
    this.#transitions(node, obj, work);
    return work;
  }

  /** An informer saw `obj` deleted. Answers the removed node (if it was in the graph) with the work. */
  observeDelete(obj: KubeObject): { node?: GraphNode; work: GraphWork } {
    const uid = obj.metadata?.uid;
    const node = uid ? this.#nodes.get(uid) : undefined;
    if (!node || node.virtual) return { work: noWork() };
    return { node, work: this.#remove(node) };
  }

  /** A live GET found the object gone (or replaced under a new uid): drop the node and revisit its dependents. */
  verifiedAbsent(uid: string): GraphWork {
    const node = this.#nodes.get(uid);
    return node ? this.#remove(node) : noWork();
  }

  /** Dependents whose reference to `uid` has blockOwnerDeletion: what a foreground deletion waits for. */
  blockingDependents(uid: string): GraphNode[] {
    const node = this.#nodes.get(uid);
    if (!node) return [];
    return [...node.dependents].filter((d) => d.owners.some((r) => r.uid === uid && r.blockOwnerDeletion === true));
  }

  #remove(node: GraphNode): GraphWork {
    const work = noWork();
    this.#nodes.delete(node.identity.uid);
    for (const ref of node.owners) {
      const owner = this.#nodes.get(ref.uid);
      if (!owner) continue;
      owner.dependents.delete(node);
      // A foreground owner re-checks whether anything still blocks it.
      if (owner.deletingDependents) work.attemptToDelete.add(owner.identity.uid);
      this.#dropIfUnreferencedVirtual(owner);
    }
    for (const dep of node.dependents) work.attemptToDelete.add(dep.identity.uid);
    return work;
  }

  #setOwners(node: GraphNode, next: readonly OwnerReference[], work: GraphWork): void {
    const before = new Map(node.owners.map((r) => [r.uid, r]));
    const after = new Map(next.map((r) => [r.uid, r]));
    for (const [uid, ref] of before) {
      const owner = this.#nodes.get(uid);
      if (!owner) continue;
      const now = after.get(uid);
      if (now && now.blockOwnerDeletion === ref.blockOwnerDeletion) continue;
      if (!now) owner.dependents.delete(node);
      if (owner.deletingDependents) work.attemptToDelete.add(uid);
      if (!now) this.#dropIfUnreferencedVirtual(owner);
    }
    for (const [uid, ref] of after) {
      let owner = this.#nodes.get(uid);
      if (!owner) {
        owner = new GraphNode({ apiVersion: ref.apiVersion, kind: ref.kind, namespace: node.identity.namespace, name: ref.name, uid }, true);
        this.#nodes.set(uid, owner);
        work.attemptToDelete.add(uid);
      }
      owner.dependents.add(node);
    }
    node.owners = [...next];
  }

  #dropIfUnreferencedVirtual(node: GraphNode): void {
    if (node.virtual && node.dependents.size === 0) this.#nodes.delete(node.identity.uid);
  }

  #transitions(node: GraphNode, obj: KubeObject, work: GraphWork): void {
    const meta = obj.metadata!;
    const deleting = Boolean(meta.deletionTimestamp);
    const finalizers = meta.finalizers ?? [];
    node.beingDeleted = deleting;
    const orphaning = deleting && finalizers.includes(ORPHAN_FINALIZER);
    if (orphaning && !node.orphaning) work.attemptToOrphan.add(node.identity.uid);
    node.orphaning = orphaning;
    const foreground = deleting && finalizers.includes(FOREGROUND_FINALIZER);
    if (foreground && !node.deletingDependents) {
      for (const dep of node.dependents) work.attemptToDelete.add(dep.identity.uid);
      work.attemptToDelete.add(node.identity.uid);
    }
    node.deletingDependents = foreground;
  }
}
