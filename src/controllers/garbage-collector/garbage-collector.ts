// The garbage collector's decisions, driven by the ownership graph and made on live reads:
// attemptToDelete(uid) collects an object whose owners are all gone (or waiting in the foreground),
// finishes a foreground deletion once no blocking dependent is left, and verifies virtual owners;
// attemptToOrphan(uid) strips an orphaning owner's references from its dependents.
// Upstream: pkg/controller/garbagecollector/garbagecollector.go.
import type { OwnerReference } from 'kubernetes-types/meta/v1.d.ts';
import type { SchemaRegistry } from '../../api/schema/registry.ts';
import type { KubeObject } from '../../client/index.ts';
import type { Logger } from '../../log/logger.ts';
import { AbsentOwners } from './absent-owners.ts';
import type { GcApi } from './api.ts';
import { decide, type OwnerState } from './decide.ts';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER, OwnershipGraph, type GraphNode, type GraphWork } from './graph.ts';
import { resourceFor, type MonitoredResource } from './resources.ts';

/** Where graph changes send uids: the two work queues. */
export interface GcQueues {
  attemptToDelete(uid: string): void;
  attemptToOrphan(uid: string): void;
}

export interface GarbageCollectorOptions {
  api: GcApi;
  registry: SchemaRegistry;
  queues: GcQueues;
  logger: Logger;
  /** Warns about references that can never resolve (upstream's OwnerRefInvalidNamespace event). */
  warn?(object: KubeObject, reason: string, message: string): void;
}

export class GarbageCollector {
  readonly graph = new OwnershipGraph();
  readonly #absent = new AbsentOwners();
  readonly #opts: GarbageCollectorOptions;

  constructor(options: GarbageCollectorOptions) {
    this.#opts = options;
  }

  /** Informer add/update of an object of `resource`. */
  observe(resource: MonitoredResource, obj: KubeObject): void {
    const apiVersion = resource.group ? `${resource.group}/${resource.version}` : resource.version;
    this.#dispatch(this.graph.observe(obj, { apiVersion, kind: resource.kind }));
  }

  /** Informer delete. */
  observeDelete(obj: KubeObject): void {
    const { node, work } = this.graph.observeDelete(obj);
    // Its dependents will ask about it next: answer from memory instead of a GET each.
    if (node && node.dependents.size > 0) this.#absent.add(node.identity.uid);
    this.#dispatch(work);
  }

  async attemptToDelete(uid: string): Promise<void> {
    const node = this.graph.get(uid);
    if (!node || (node.beingDeleted && !node.deletingDependents)) return;
    const { identity } = node;
    const resource = resourceFor(this.#opts.registry, identity.apiVersion, identity.kind);
    // A kind kites does not serve (a custom resource): nothing can be verified, so nothing is collected.
    if (!resource) return;
    const latest = resource.namespaced && !identity.namespace ? undefined : await this.#opts.api.get(resource, identity.namespace, identity.name);
    if (!latest || latest.metadata?.uid !== uid) {
      this.#absent.add(uid);
      this.#dispatch(this.graph.verifiedAbsent(uid));
      return;
    }
    // A virtual owner that exists is merely newer than the cache; its informer will report it.
    if (node.virtual) return;
    if (node.deletingDependents) return this.#finishForeground(node, resource, latest);
    if (latest.metadata.deletionTimestamp) return;
    const refs = latest.metadata.ownerReferences ?? [];
    if (refs.length === 0) return;
    const owners = await Promise.all(refs.map(async (ref) => ({ uid: ref.uid, state: await this.#ownerState(ref, latest) })));
    const dependents = [...node.dependents];
    const decision = decide({
      owners,
      finalizers: latest.metadata.finalizers ?? [],
      hasDependents: dependents.length > 0,
      aDependentIsDeletingDependents: dependents.some((d) => d.deletingDependents),
    });
    const { api, logger } = this.#opts;
    const ns = identity.namespace;
    switch (decision.action) {
      case 'none':
        return;
      case 'removeOwnerReferences':
        logger.info('removing references to owners that are gone', { object: describe(node), owners: decision.uids });
        return api.patch(resource, ns, identity.name, { metadata: { ownerReferences: decision.uids.map((u) => ({ $patch: 'delete', uid: u })) } });
      case 'delete':
        if (decision.unblock.length > 0) {
          await api.patch(resource, ns, identity.name, { metadata: { ownerReferences: decision.unblock.map((u) => ({ uid: u, blockOwnerDeletion: false })) } });
        }
        logger.info('deleting object whose owners are gone', { object: describe(node), propagationPolicy: decision.policy });
        return api.delete(resource, ns, identity.name, uid, decision.policy);
    }
  }

  async attemptToOrphan(uid: string): Promise<void> {
    const node = this.graph.get(uid);
    if (!node || !node.orphaning) return;
    const { api, registry, logger } = this.#opts;
    for (const dep of [...node.dependents]) {
      const resource = resourceFor(registry, dep.identity.apiVersion, dep.identity.kind);
      if (!resource) continue;
      await api.patch(resource, dep.identity.namespace, dep.identity.name, { metadata: { ownerReferences: [{ $patch: 'delete', uid }] } });
    }
    const resource = resourceFor(registry, node.identity.apiVersion, node.identity.kind);
    if (!resource) return;
    logger.info('orphaned dependents; removing the orphan finalizer', { object: describe(node), dependents: node.dependents.size });
    await api.patch(resource, node.identity.namespace, node.identity.name, { metadata: { [`$deleteFromPrimitiveList/finalizers`]: [ORPHAN_FINALIZER] } });
  }

  /** A foreground deletion ends when no dependent blocks it; until then, make sure each blocker is being collected. */
  async #finishForeground(node: GraphNode, resource: MonitoredResource, latest: KubeObject): Promise<void> {
    const blocking = this.graph.blockingDependents(node.identity.uid);
    if (blocking.length === 0) {
      if (!latest.metadata?.finalizers?.includes(FOREGROUND_FINALIZER)) return;
      this.#opts.logger.info('no blocking dependents left; removing the foregroundDeletion finalizer', { object: describe(node) });
      await this.#opts.api.patch(resource, node.identity.namespace, node.identity.name, { metadata: { [`$deleteFromPrimitiveList/finalizers`]: [FOREGROUND_FINALIZER] } });
      return;
    }
    for (const dep of blocking) if (!dep.deletingDependents) this.#opts.queues.attemptToDelete(dep.identity.uid);
  }

  async #ownerState(ref: OwnerReference, dependent: KubeObject): Promise<OwnerState> {
    if (this.#absent.has(ref.uid)) return 'dangling';
    const resource = resourceFor(this.#opts.registry, ref.apiVersion, ref.kind);
    if (!resource) return 'solid';
    const namespace = dependent.metadata?.namespace;
    if (resource.namespaced && !namespace) {
      // A cluster-scoped object cannot be owned by a namespaced one: the reference never resolves.
      this.#opts.warn?.(dependent, 'OwnerRefInvalidNamespace', `ownerRef [${ref.apiVersion}/${ref.kind}, namespace: , name: ${ref.name}, uid: ${ref.uid}] does not exist in namespace ""`);
      return 'dangling';
    }
    const owner = await this.#opts.api.get(resource, namespace, ref.name);
    if (!owner || owner.metadata?.uid !== ref.uid) {
      this.#absent.add(ref.uid);
      return 'dangling';
    }
    if (owner.metadata.deletionTimestamp && owner.metadata.finalizers?.includes(FOREGROUND_FINALIZER)) return 'waiting';
    return 'solid';
  }

  #dispatch(work: GraphWork): void {
    for (const uid of work.attemptToDelete) this.#opts.queues.attemptToDelete(uid);
    for (const uid of work.attemptToOrphan) this.#opts.queues.attemptToOrphan(uid);
  }
}

function describe(node: GraphNode): string {
  const { apiVersion, kind, namespace, name, uid } = node.identity;
  return `${apiVersion}/${kind} ${namespace ? namespace + '/' : ''}${name} (${uid})`;
}
