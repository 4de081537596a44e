// Empties a terminating namespace and then releases it: one pass deletes every namespaced object of
// every discovered resource (deletecollection, or list and delete each), counts what is left, writes
// the status conditions, and when nothing is left removes the "kubernetes" finalizer through
// namespaces/NAME/finalize so the API server removes the namespace.
// Upstream: pkg/controller/namespace/deletion/namespaced_resources_deleter.go.
import type { Namespace, Pod } from 'kubernetes-types/core/v1.d.ts';
import { isConflict, type Clock, type KubeObject } from '../../client/index.ts';
import type { Logger } from '../../log/logger.ts';
import type { DiscoveredResource, NamespaceApi } from './api.ts';
import { updateConditions, type PassOutcome } from './conditions.ts';

/** The token this controller owns in spec.finalizers. */
export const FINALIZER = 'kubernetes';
/** Upstream's guess for how long finalizers on remaining objects take. */
export const FINALIZER_ESTIMATE_SECONDS = 15;

export interface NamespaceDeleterOptions {
  api: NamespaceApi;
  clock: Clock;
  logger: Logger;
}

interface ResourceResult {
  estimate: number;
  remaining: number;
  finalizers: Map<string, number>;
}

export class NamespaceDeleter {
  readonly #api: NamespaceApi;
  readonly #clock: Clock;
  readonly #log: Logger;

  constructor(options: NamespaceDeleterOptions) {
    this.#api = options.api;
    this.#clock = options.clock;
    this.#log = options.logger;
  }

  /**
   * One pass over namespace `name`. Answers the seconds to wait before looking again when content
   * remains that is expected to go (graceful pods, finalizers), or undefined when there is nothing
   * (more) to do. Throws when content could not be deleted.
   */
  async sync(name: string): Promise<number | undefined> {
    let ns = await this.#api.getNamespace(name);
    if (!ns?.metadata?.deletionTimestamp) return undefined;
    ns = await this.#retryOnConflict(ns, (fresh) => (fresh.status?.phase === 'Terminating' ? fresh : this.#api.updateStatus({ ...fresh, status: { ...fresh.status, phase: 'Terminating' } })));
    if (!ns || !ns.spec?.finalizers?.includes(FINALIZER)) return undefined;
    const estimate = await this.#deleteAllContent(ns);
    if (estimate > 0) return estimate;
    await this.#retryOnConflict(ns, (fresh) => this.#api.finalize({ ...fresh, spec: { ...fresh.spec, finalizers: (fresh.spec?.finalizers ?? []).filter((f) => f !== FINALIZER) } }));
    this.#log.info('namespace emptied; finalized', { namespace: name });
    return undefined;
  }

  async #deleteAllContent(ns: Namespace): Promise<number> {
    const name = ns.metadata!.name!;
    const deletedAt = Date.parse(ns.metadata!.deletionTimestamp!);
    const discovery = await this.#api.discover();
    const outcome: PassOutcome = { discoveryFailures: discovery.failures, contentErrors: [], remainingByResource: new Map(), remainingByFinalizer: new Map() };
    let estimate = 0;
    for (const resource of discovery.resources) {
      try {
        const result = await this.#deleteResource(resource, name, deletedAt);
        estimate = Math.max(estimate, result.estimate);
        if (result.remaining > 0) {
          outcome.remainingByResource.set(`${resource.plural}.${resource.group}`, result.remaining);
          for (const [f, n] of result.finalizers) outcome.remainingByFinalizer.set(f, (outcome.remainingByFinalizer.get(f) ?? 0) + n);
        }
      } catch (err) {
        outcome.contentErrors.push(err instanceof Error ? err.message : String(err));
      }
    }
    const now = new Date(this.#clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const { conditions, changed } = updateConditions(ns.status?.conditions, outcome, now);
    if (changed) {
      // Conditions are informative: failing to write them must not stop the deletion.
      await this.#api.updateStatus({ ...ns, status: { ...ns.status, conditions } }).catch((err: unknown) => this.#log.warn('could not update namespace conditions', { namespace: name, error: String(err) }));
    }
    if (outcome.contentErrors.length > 0) throw new Error(`failed to delete all content of namespace ${name}: ${outcome.contentErrors.join('; ')}`);
    return estimate;
  }

  async #deleteResource(resource: DiscoveredResource, namespace: string, deletedAt: number): Promise<ResourceResult> {
    const isPods = resource.group === '' && resource.plural === 'pods';
    const estimate = isPods ? this.#podEstimate((await this.#api.list(resource, namespace)) as Pod[], deletedAt) : 0;
    if (resource.verbs.includes('deletecollection')) await this.#api.deleteCollection(resource, namespace);
    else for (const obj of await this.#api.list(resource, namespace)) await this.#api.delete(resource, namespace, obj.metadata!.name!);
    const left = await this.#api.list(resource, namespace);
    if (left.length === 0) return { estimate: 0, remaining: 0, finalizers: new Map() };
    const finalizers = countFinalizers(left);
    if (estimate > 0) return { estimate, remaining: left.length, finalizers };
    if (finalizers.size > 0) return { estimate: FINALIZER_ESTIMATE_SECONDS, remaining: left.length, finalizers };
    throw new Error(`unexpected items still remain in namespace: ${namespace} for gvr: ${resource.group}/${resource.version}, Resource=${resource.plural}`);
  }

  /** The longest grace period a running pod may still use, less the time since the namespace began terminating. */
  #podEstimate(pods: Pod[], deletedAt: number): number {
    let longest = 0;
    for (const pod of pods) {
      if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') continue;
      longest = Math.max(longest, pod.spec?.terminationGracePeriodSeconds ?? 0);
    }
    const elapsed = Math.floor((this.#clock.now() - deletedAt) / 1000);
    return Math.max(0, longest - elapsed);
  }

  /** Applies `write` to the freshest namespace until it stops conflicting; undefined when the namespace is gone. */
  async #retryOnConflict(ns: Namespace, write: (fresh: Namespace) => Namespace | Promise<Namespace>): Promise<Namespace | undefined> {
    let fresh: Namespace | undefined = ns;
    for (let attempt = 0; ; attempt++) {
      try {
        return await write(fresh);
      } catch (err) {
        if (!isConflict(err) || attempt >= 10) throw err;
      }
      const uid: string | undefined = fresh.metadata?.uid;
      fresh = await this.#api.getNamespace(ns.metadata!.name!);
      if (!fresh) return undefined;
      if (fresh.metadata?.uid !== uid) throw new Error(`namespace ${ns.metadata!.name} uid has changed across retries`);
    }
  }
}

function countFinalizers(objects: KubeObject[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const o of objects) for (const f of o.metadata?.finalizers ?? []) counts.set(f, (counts.get(f) ?? 0) + 1);
  return counts;
}
