// One informer per (resource, namespace, selectors) shared by every controller in the process, so
// five controllers that read pods hold one cache and one watch, not five (client-go's
// SharedInformerFactory).
import type { Logger } from '../log/logger.ts';
import type { ApiClient } from './client.ts';
import type { BackoffOptions } from './backoff.ts';
import type { Clock } from './clock.ts';
import { Informer } from './informer.ts';
import type { KubeObject, ResourceRef } from './resource.ts';

export interface InformerScope {
  /** One namespace; all when absent. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface SharedInformerFactoryOptions {
  clock?: Clock;
  logger?: Logger;
  backoff?: BackoffOptions;
  pageSize?: number;
}

export class SharedInformerFactory {
  readonly #client: ApiClient;
  readonly #options: SharedInformerFactoryOptions;
  readonly #informers = new Map<string, Informer<KubeObject>>();
  readonly #running = new Map<string, Promise<void>>();
  #signal: AbortSignal | undefined;

  constructor(client: ApiClient, options: SharedInformerFactoryOptions = {}) {
    this.#client = client;
    this.#options = options;
  }

  /** The shared informer for this resource and scope; created on first request. */
  informer<T extends KubeObject>(ref: ResourceRef, scope: InformerScope = {}): Informer<T> {
    const key = JSON.stringify([ref.group, ref.version, ref.plural, scope.namespace ?? '', scope.labelSelector ?? '', scope.fieldSelector ?? '']);
    let informer = this.#informers.get(key);
    if (!informer) {
      const source = this.#client.resource<KubeObject>(ref, scope.namespace);
      const logger = this.#options.logger?.with({ resource: ref.plural, namespace: scope.namespace });
      informer = new Informer(source, { ...this.#options, labelSelector: scope.labelSelector, fieldSelector: scope.fieldSelector, logger });
      this.#informers.set(key, informer);
      if (this.#signal) this.#startOne(key, informer, this.#signal);
    }
    return informer as unknown as Informer<T>;
  }

  /** informerForKind<Pod>('', 'v1', 'Pod') */
  informerForKind<T extends KubeObject>(group: string, version: string, kind: string, scope: InformerScope = {}): Informer<T> {
    return this.informer<T>(this.#client.forKind(group, version, kind).ref, scope);
  }

  /** Starts every informer requested so far; ones requested later start at once. They stop when `signal` aborts. */
  start(signal: AbortSignal): void {
    this.#signal = signal;
    for (const [key, informer] of this.#informers) this.#startOne(key, informer, signal);
  }

  /** True when every informer requested so far has synced; false if `signal` aborts first. */
  async waitForSync(signal?: AbortSignal): Promise<boolean> {
    const results = await Promise.all([...this.#informers.values()].map((i) => i.waitForSync(signal)));
    return results.every(Boolean);
  }

  /** Resolves when every started informer has stopped (after the start signal aborts). */
  async stopped(): Promise<void> {
    await Promise.all(this.#running.values());
  }

  #startOne(key: string, informer: Informer<KubeObject>, signal: AbortSignal): void {
    if (this.#running.has(key)) return;
    this.#running.set(key, informer.run(signal));
  }
}
