// The entry point: one ApiClient per process (or per identity), from which every component gets its
// ResourceClients. It owns the connection pool, so close it when the component stops.
import { builtinRegistry, type SchemaRegistry } from '../api/schema/registry.ts';
import { inClusterConfig, loadKubeconfig, type ClientConfig } from './config.ts';
import { HttpClient, httpsTransport, type Transport } from './http.ts';
import { ResourceClient, refForKind, type KubeObject, type ResourceRef } from './resource.ts';

export interface ApiClientOptions {
  userAgent?: string;
  /** Where kinds are looked up for `forKind`; the built-in kinds by default. */
  registry?: SchemaRegistry;
}

let defaultRegistry: SchemaRegistry | undefined;

export class ApiClient {
  readonly http: HttpClient;
  readonly #registry: SchemaRegistry | undefined;

  constructor(
    transport: Transport,
    options: ApiClientOptions = {},
    readonly close: () => void = () => undefined,
  ) {
    this.http = new HttpClient(transport, options.userAgent);
    this.#registry = options.registry;
  }

  static fromConfig(config: ClientConfig, options: ApiClientOptions = {}): ApiClient {
    const transport = httpsTransport(config);
    return new ApiClient(transport.send, options, transport.close);
  }

  static async fromKubeconfig(path: string, options: ApiClientOptions & { context?: string } = {}): Promise<ApiClient> {
    return ApiClient.fromConfig(await loadKubeconfig(path, { context: options.context }), options);
  }

  static async inCluster(options: ApiClientOptions = {}): Promise<ApiClient> {
    return ApiClient.fromConfig(await inClusterConfig(), options);
  }

  /** A resource across all namespaces (or cluster-scoped); `namespace` narrows it. */
  resource<T extends KubeObject>(ref: ResourceRef, namespace?: string): ResourceClient<T> {
    return new ResourceClient<T>(this.http, ref, namespace);
  }

  /** client.forKind<Deployment>('apps', 'v1', 'Deployment', 'default') */
  forKind<T extends KubeObject>(group: string, version: string, kind: string, namespace?: string): ResourceClient<T> {
    const registry = this.#registry ?? (defaultRegistry ??= builtinRegistry());
    return this.resource<T>(refForKind(registry, group, version, kind), namespace);
  }
}
