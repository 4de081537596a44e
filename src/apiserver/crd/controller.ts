// The CRD controller of the API server (upstream's apiextensions-apiserver controllers in one loop):
// for every CustomResourceDefinition it decides the accepted names, writes the status conditions,
// and serves the CRD's versions through the schema registry; when a CRD is deleted it removes the
// custom objects, then its cleanup finalizer, then stops serving it. It is part of the API server and
// reads and writes the ObjectStore directly. One reconcile runs at a time, so decisions about names
// never race.
import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.d.ts';
import type { SchemaRegistry } from '../../api/schema/registry.ts';
import type { ResourceType } from '../../api/schema/types.ts';
import type { Logger } from '../../log/logger.ts';
import type { KubeObject } from '../objects/codec.ts';
import type { ObjectStore } from '../objects/store.ts';
import { removeIfFinalized } from '../handlers/finalize.ts';
import { deleteInstances } from './cleanup.ts';
import { decideNames, type NameHolder } from './names.ts';
import { customResourceOf, servedVersions, type CrdState } from './resource.ts';
import { CLEANUP_FINALIZER, isEstablished, statusAfterNaming, withCondition } from './status.ts';

export interface CrdControllerOptions {
  store: ObjectStore;
  registry: SchemaRegistry;
  logger: Logger;
  now: () => Date;
  /** The registry changed: discovery and OpenAPI must be rebuilt. */
  onChange: () => void;
  /** Runs `fn` after `ms` (a cleanup waiting for objects with finalizers retries this way). */
  after?: (ms: number, fn: () => void) => void;
  retryMs?: number;
}

interface Served {
  state: CrdState;
  /** The registry keys of the served versions and what they were built from. */
  keys: { group: string; version: string; plural: string }[];
  fingerprint: string;
}

const CRDS = ['apiextensions.k8s.io', 'v1', 'customresourcedefinitions'] as const;

export class CrdController {
  readonly #o: CrdControllerOptions;
  readonly #crds: ResourceType;
  readonly #known = new Map<string, CustomResourceDefinition>();
  readonly #served = new Map<string, Served>();
  readonly #pending = new Set<string>();
  readonly #stop = new AbortController();
  #queue: Promise<void> = Promise.resolve();

  constructor(options: CrdControllerOptions) {
    this.#o = options;
    this.#crds = options.registry.resource(...CRDS)!;
  }

  /** Serves every stored CRD, then follows changes in the background. */
  async start(): Promise<void> {
    const revision = await this.#relist();
    await this.#queue;
    void this.#follow(revision);
  }

  stop(): void {
    this.#stop.abort();
  }

  /** Resolves when every queued reconcile has run (for tests). */
  idle(): Promise<void> {
    return this.#queue;
  }

  async #relist(): Promise<number> {
    const page = await this.#o.store.list(this.#crds, undefined, {});
    this.#known.clear();
    for (const obj of page.items) this.#known.set(obj.metadata.name!, obj as unknown as CustomResourceDefinition);
    for (const name of new Set([...this.#known.keys(), ...this.#served.keys()])) this.#enqueue(name);
    return page.revision;
  }

  async #follow(revision: number): Promise<void> {
    const signal = this.#stop.signal;
    while (!signal.aborted) {
      try {
        for await (const event of this.#o.store.watch(this.#crds, undefined, revision, signal)) {
          revision = event.revision;
          const crd = event.object as unknown as CustomResourceDefinition;
          if (event.type === 'DELETED') this.#known.delete(crd.metadata!.name!);
          else this.#known.set(crd.metadata!.name!, structuredClone(crd));
          // A change may free or take names other CRDs of the group wait for.
          for (const [name, other] of this.#known) if (other.spec.group === crd.spec.group) this.#enqueue(name);
          this.#enqueue(crd.metadata!.name!);
        }
      } catch (err) {
        if (signal.aborted) return;
        this.#o.logger.warn('CRD watch failed; listing again', { err: String(err) });
      }
      if (signal.aborted) return;
      // The watch ended without a stop: pause, then catch up from a fresh list (its history may be gone).
      await new Promise<void>((resolve) => this.#after(this.#o.retryMs ?? 1000, resolve));
      revision = await this.#relist().catch(() => revision);
    }
  }

  #after(ms: number, fn: () => void): void {
    (this.#o.after ?? ((wait, run) => setTimeout(run, wait).unref()))(ms, fn);
  }

  #enqueue(name: string): void {
    if (this.#pending.has(name)) return;
    this.#pending.add(name);
    this.#queue = this.#queue.then(async () => {
      this.#pending.delete(name);
      if (this.#stop.signal.aborted) return;
      try {
        await this.#reconcile(name);
      } catch (err) {
        this.#o.logger.error('CRD reconcile failed', { crd: name, err: String((err as Error)?.stack ?? err) });
        this.#retry(name);
      }
    });
  }

  #retry(name: string): void {
    this.#after(this.#o.retryMs ?? 1000, () => this.#enqueue(name));
  }

  async #reconcile(name: string): Promise<void> {
    const obj = await this.#o.store.tryGet(this.#crds, undefined, name);
    if (!obj) {
      this.#known.delete(name);
      this.#unserve(name);
      return;
    }
    const crd = obj as unknown as CustomResourceDefinition;
    this.#known.set(name, crd);
    if (crd.metadata?.deletionTimestamp) return this.#finalize(crd);
    const written = await this.#write(name, (current) => {
      const decision = decideNames(current, this.#holders(current));
      current.status = statusAfterNaming(current, decision, this.#o.now());
      if (isEstablished(current) && !current.metadata?.finalizers?.includes(CLEANUP_FINALIZER)) {
        current.metadata!.finalizers = [...(current.metadata!.finalizers ?? []), CLEANUP_FINALIZER];
      }
      return current;
    });
    const accepted = written.status?.conditions?.find((c) => c.type === 'NamesAccepted')?.status === 'True';
    if (accepted) this.#serve(written);
    else this.#unserve(name);
  }

  /** Names in use in the CRD's group by other CRDs and by built-in resources. */
  #holders(crd: CustomResourceDefinition): NameHolder[] {
    const name = crd.metadata!.name!;
    const group = crd.spec.group;
    const fromCrds = [...this.#known.values()]
      .filter((other) => other.metadata!.name !== name && other.spec.group === group && other.status?.acceptedNames?.plural)
      .map((other) => other.status!.acceptedNames! as NameHolder);
    const builtins = this.#o.registry.resources().filter((r) => r.group === group && !customResourceOf(r));
    return [...fromCrds, ...builtins];
  }

  async #write(name: string, change: (crd: CustomResourceDefinition) => CustomResourceDefinition): Promise<CustomResourceDefinition> {
    const { object } = await this.#o.store.update(this.#crds, undefined, name, (current) => change(current as unknown as CustomResourceDefinition) as unknown as KubeObject);
    const crd = object as unknown as CustomResourceDefinition;
    this.#known.set(name, crd);
    return crd;
  }

  /** A deleted CRD: remove its objects, then the finalizer; it stays served until it is gone. */
  async #finalize(crd: CustomResourceDefinition): Promise<void> {
    const name = crd.metadata!.name!;
    if (!crd.metadata!.finalizers?.includes(CLEANUP_FINALIZER)) return;
    const served = this.#served.get(name);
    if (served) served.state.terminating = true;
    const now = this.#o.now();
    await this.#write(name, (current) => {
      current.status = { ...current.status, conditions: withCondition(current.status?.conditions, { type: 'Terminating', status: 'True', reason: 'InstanceDeletionInProgress', message: 'CustomResource deletion is in progress' }, now) };
      return current;
    });
    const plural = crd.status?.acceptedNames?.plural;
    if (plural) {
      // Storage keys depend only on group, plural and scope, so this works whether or not a version is served.
      const storage = { ...this.#crds, group: crd.spec.group, plural, namespaced: crd.spec.scope === 'Namespaced' };
      const remaining = await deleteInstances(this.#o.store, storage, now);
      if (remaining > 0) {
        this.#retry(name);
        return;
      }
    }
    const done = await this.#write(name, (current) => {
      current.metadata!.finalizers = current.metadata!.finalizers!.filter((f) => f !== CLEANUP_FINALIZER);
      return current;
    });
    if (await removeIfFinalized(this.#o.store, this.#crds, done as unknown as KubeObject)) {
      this.#known.delete(name);
      this.#unserve(name);
    }
  }

  #serve(crd: CustomResourceDefinition): void {
    const name = crd.metadata!.name!;
    const names = crd.status!.acceptedNames!;
    const fingerprint = JSON.stringify([crd.spec, names]);
    const previous = this.#served.get(name);
    if (previous?.fingerprint === fingerprint) return;
    const state = previous?.state ?? { name, terminating: false };
    let versions;
    try {
      versions = servedVersions(crd, names, state);
    } catch (err) {
      this.#o.logger.error('CRD cannot be served', { crd: name, err: String(err) });
      return;
    }
    for (const k of previous?.keys ?? []) this.#o.registry.unregister(k.group, k.version, k.plural);
    for (const v of versions) this.#o.registry.register(v.resource, v.types);
    const keys = versions.map(({ resource: r }) => ({ group: r.group, version: r.version, plural: r.plural }));
    this.#served.set(name, { state, keys, fingerprint });
    this.#o.logger.info('serving custom resource', { crd: name, versions: keys.map((k) => k.version) });
    this.#o.onChange();
  }

  #unserve(name: string): void {
    const served = this.#served.get(name);
    if (!served) return;
    for (const k of served.keys) this.#o.registry.unregister(k.group, k.version, k.plural);
    this.#served.delete(name);
    this.#o.logger.info('stopped serving custom resource', { crd: name });
    this.#o.onChange();
  }
}
