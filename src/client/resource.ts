// One resource's REST verbs (get, list, create, update, patch, delete, watch and subresources),
// addressed by group/version/plural like upstream's dynamic client, typed by a kubernetes-types type.
import type { ObjectMeta, ListMeta, Status, DeleteOptions, Preconditions } from 'kubernetes-types/meta/v1.d.ts';
import type { SchemaRegistry } from '../api/schema/registry.ts';
import type { HttpClient, Query } from './http.ts';

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

export interface KubeList<T> {
  apiVersion?: string;
  kind?: string;
  metadata: ListMeta;
  items: T[];
}

/** How a resource is addressed: what `registry.resourceForKind` tells. */
export interface ResourceRef {
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
}

/** The ref for a kind, e.g. refForKind(builtinRegistry(), 'apps', 'v1', 'Deployment'). */
export function refForKind(registry: SchemaRegistry, group: string, version: string, kind: string): ResourceRef {
  const rt = registry.resourceForKind(group, version, kind);
  if (!rt) throw new Error(`no resource for kind ${group ? group + '/' : ''}${version} ${kind}`);
  return { group: rt.group, version: rt.version, plural: rt.plural, namespaced: rt.namespaced };
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
  signal?: AbortSignal;
}

export interface WatchOptions {
  labelSelector?: string;
  fieldSelector?: string;
  /** Start after this version; absent means "current state first, as ADDED events". */
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  sendInitialEvents?: boolean;
  timeoutSeconds?: number;
  signal?: AbortSignal;
}

export type WatchEvent<T> = { type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK'; object: T } | { type: 'ERROR'; object: Status };

export interface DeleteOpts {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  preconditions?: Preconditions;
  dryRun?: boolean;
}

export interface WriteOptions {
  fieldManager?: string;
  dryRun?: boolean;
  signal?: AbortSignal;
}

export type PatchType = 'merge' | 'strategic' | 'json';

const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
};

export interface Scale {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: { replicas?: number };
  status?: { replicas: number; selector?: string };
}

/**
 * Verbs on one resource, in one namespace or (namespace undefined) across all of them. Objects written
 * carry their own namespace, so create/update work from an all-namespaces client too.
 */
export class ResourceClient<T extends KubeObject> {
  constructor(
    readonly http: HttpClient,
    readonly ref: ResourceRef,
    readonly namespace?: string,
  ) {}

  /** The same resource in one namespace. */
  inNamespace(namespace: string): ResourceClient<T> {
    return new ResourceClient<T>(this.http, this.ref, namespace);
  }

  get apiVersion(): string {
    return this.ref.group ? `${this.ref.group}/${this.ref.version}` : this.ref.version;
  }

  /** /api/v1[/namespaces/NS]/PLURAL[/NAME[/SUB]] */
  path(namespace?: string, name?: string, subresource?: string): string {
    const { group, version, plural, namespaced } = this.ref;
    let p = group ? `/apis/${group}/${version}` : `/api/${version}`;
    if (namespaced && namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
    p += `/${plural}`;
    if (name !== undefined) p += `/${encodeURIComponent(name)}`;
    if (subresource) p += `/${subresource}`;
    return p;
  }

  get(name: string, options: { resourceVersion?: string; signal?: AbortSignal } = {}): Promise<T> {
    return this.http.request<T>('GET', this.#named(name), { query: { resourceVersion: options.resourceVersion }, signal: options.signal });
  }

  list(options: ListOptions = {}): Promise<KubeList<T>> {
    const { signal, ...query } = options;
    return this.http.request<KubeList<T>>('GET', this.path(this.namespace), { query: { ...query }, signal });
  }

  /** Every page of a list; the result's resourceVersion is the first page's (the snapshot all pages share). */
  async listAll(options: Omit<ListOptions, 'continue'> = {}): Promise<KubeList<T>> {
    const first = await this.list(options);
    const items = [...first.items];
    let next = first.metadata.continue;
    while (next) {
      const page = await this.list({ ...options, resourceVersion: undefined, resourceVersionMatch: undefined, continue: next });
      items.push(...page.items);
      next = page.metadata.continue;
    }
    return { ...first, metadata: { resourceVersion: first.metadata.resourceVersion }, items };
  }

  create(obj: T, options: WriteOptions = {}): Promise<T> {
    return this.http.request<T>('POST', this.path(this.#namespaceOf(obj)), { body: this.#typed(obj), ...this.#write(options) });
  }

  /** PUT; fails with Conflict when metadata.resourceVersion is stale. */
  update(obj: T, options: WriteOptions = {}): Promise<T> {
    return this.http.request<T>('PUT', this.path(this.#namespaceOf(obj), this.#nameOf(obj)), { body: this.#typed(obj), ...this.#write(options) });
  }

  updateStatus(obj: T, options: WriteOptions = {}): Promise<T> {
    return this.http.request<T>('PUT', this.path(this.#namespaceOf(obj), this.#nameOf(obj), 'status'), { body: this.#typed(obj), ...this.#write(options) });
  }

  patch(name: string, body: unknown, type: PatchType = 'merge', options: WriteOptions = {}): Promise<T> {
    return this.http.request<T>('PATCH', this.#named(name), { body, contentType: PATCH_CONTENT_TYPES[type], ...this.#write(options) });
  }

  patchStatus(name: string, body: unknown, type: PatchType = 'merge', options: WriteOptions = {}): Promise<T> {
    return this.http.request<T>('PATCH', this.#named(name, 'status'), { body, contentType: PATCH_CONTENT_TYPES[type], ...this.#write(options) });
  }

  /**
   * Answers the object as the server left it: with deletionTimestamp when finalizers or grace keep
   * it, or the last state (or a Success Status) when it is gone.
   */
  delete(name: string, options: DeleteOpts & { signal?: AbortSignal } = {}): Promise<T | Status> {
    const { signal, ...opts } = options;
    return this.http.request<T | Status>('DELETE', this.#named(name), { body: deleteBody(opts), signal });
  }

  deleteCollection(options: Omit<ListOptions, 'continue' | 'limit'> & DeleteOpts = {}): Promise<KubeList<T> | Status> {
    const { labelSelector, fieldSelector, resourceVersion, resourceVersionMatch, signal, ...opts } = options;
    const query: Query = { labelSelector, fieldSelector, resourceVersion, resourceVersionMatch };
    return this.http.request('DELETE', this.path(this.namespace), { query, body: deleteBody(opts), signal });
  }

  /**
   * Events until the server ends the watch (timeoutSeconds) or `signal` aborts (then the iteration
   * just ends). A refusal (e.g. 410 for a compacted resourceVersion) throws ApiStatusError; history
   * lost mid-stream arrives as an ERROR event whose object is a Status.
   */
  async *watch(options: WatchOptions = {}): AsyncGenerator<WatchEvent<T>> {
    const { signal, ...rest } = options;
    const query: Query = { ...rest, watch: true };
    for await (const line of this.http.lines(this.path(this.namespace), { query, signal })) {
      yield JSON.parse(line) as WatchEvent<T>;
    }
  }

  /** Assigns a pod to a node: POST pods/NAME/binding, what the scheduler does. */
  bind(podName: string, nodeName: string, options: { uid?: string; signal?: AbortSignal } = {}): Promise<Status> {
    const metadata: ObjectMeta = { name: podName, namespace: this.namespace, ...(options.uid ? { uid: options.uid } : {}) };
    const body = { apiVersion: 'v1', kind: 'Binding', metadata, target: { apiVersion: 'v1', kind: 'Node', name: nodeName } };
    return this.http.request<Status>('POST', this.#named(podName, 'binding'), { body, signal: options.signal });
  }

  /** Evicts a pod: POST pods/NAME/eviction (policy/v1), a delete that disruption budgets may refuse (429). */
  evict(podName: string, options: DeleteOpts & { signal?: AbortSignal } = {}): Promise<Status> {
    const { signal, ...opts } = options;
    const body = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: podName, namespace: this.namespace }, deleteOptions: deleteBody(opts) };
    return this.http.request<Status>('POST', this.#named(podName, 'eviction'), { body, signal });
  }

  getScale(name: string, options: { signal?: AbortSignal } = {}): Promise<Scale> {
    return this.http.request<Scale>('GET', this.#named(name, 'scale'), { signal: options.signal });
  }

  /** Sets spec.replicas through the scale subresource (what `kubectl scale` and the HPA do). */
  scale(name: string, replicas: number, options: WriteOptions = {}): Promise<Scale> {
    return this.http.request<Scale>('PATCH', this.#named(name, 'scale'), { body: { spec: { replicas } }, contentType: PATCH_CONTENT_TYPES.merge, ...this.#write(options) });
  }

  #named(name: string, subresource?: string): string {
    if (this.ref.namespaced && !this.namespace) throw new Error(`${this.ref.plural} "${name}": a namespaced resource needs a namespace (use inNamespace)`);
    return this.path(this.namespace, name, subresource);
  }

  #namespaceOf(obj: T): string | undefined {
    if (!this.ref.namespaced) return undefined;
    const ns = obj.metadata?.namespace ?? this.namespace;
    if (!ns) throw new Error(`${this.ref.plural}: object has no metadata.namespace and the client has none`);
    if (this.namespace && obj.metadata?.namespace && obj.metadata.namespace !== this.namespace) {
      throw new Error(`${this.ref.plural}: object namespace "${obj.metadata.namespace}" does not match the client's "${this.namespace}"`);
    }
    return ns;
  }

  #nameOf(obj: T): string {
    const name = obj.metadata?.name;
    if (!name) throw new Error(`${this.ref.plural}: object has no metadata.name`);
    return name;
  }

  /** apiVersion/kind default from the ref, so callers may build objects without them. */
  #typed(obj: T): T {
    return obj.apiVersion ? obj : { ...obj, apiVersion: this.apiVersion };
  }

  #write(options: WriteOptions): { query: Query; signal?: AbortSignal } {
    return { query: { fieldManager: options.fieldManager, dryRun: options.dryRun ? 'All' : undefined }, signal: options.signal };
  }
}

function deleteBody(options: DeleteOpts): DeleteOptions {
  const body: DeleteOptions = { apiVersion: 'v1', kind: 'DeleteOptions' } as DeleteOptions;
  if (options.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = options.gracePeriodSeconds;
  if (options.propagationPolicy) body.propagationPolicy = options.propagationPolicy;
  if (options.preconditions) body.preconditions = options.preconditions;
  if (options.dryRun) body.dryRun = ['All'];
  return body;
}
