// What the node reads from the API server to build a pod's volumes and environment: ConfigMaps,
// Secrets, the Services of a namespace (for service links) and service-account tokens
// (TokenRequest through serviceaccounts/NAME/token, bound to the pod). Behind an interface so
// tests hand in maps.
import type { ConfigMap, Secret, Service } from 'kubernetes-types/core/v1.d.ts';
import { isNotFound, type ApiClient, type Informer, type KubeObject } from '../../client/index.ts';

export interface TokenRequestSpec {
  namespace: string;
  serviceAccountName: string;
  audiences: string[];
  expirationSeconds: number;
  podName: string;
  podUid: string;
}

export interface IssuedToken {
  token: string;
  /** Epoch ms. */
  expiresAt: number;
}

export interface ConfigSource {
  /** undefined when it does not exist. */
  configMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
  secret(namespace: string, name: string): Promise<Secret | undefined>;
  /** Every Service in the cluster (service links read their own namespace's and default/kubernetes). */
  services(): Promise<Service[]>;
  token(spec: TokenRequestSpec): Promise<IssuedToken>;
}

/** A node with no API data (tests of the runtime alone): nothing exists, and tokens cannot be had. */
export const EMPTY_CONFIG_SOURCE: ConfigSource = {
  configMap: async () => undefined,
  secret: async () => undefined,
  services: async () => [],
  token: async () => {
    throw new Error('this node agent cannot request service-account tokens');
  },
};

interface TokenRequest extends KubeObject {
  spec: { audiences: string[]; expirationSeconds: number; boundObjectRef?: { apiVersion: string; kind: string; name: string; uid: string } };
  status?: { token: string; expirationTimestamp: string };
}

/**
 * The API server as a ConfigSource: ConfigMaps and Secrets by plain reads (a pod reads its own few),
 * Services from a shared informer when given (every container start wants them all), else by a list.
 */
export class ApiConfigSource implements ConfigSource {
  readonly #client: ApiClient;
  readonly #services: Pick<Informer<Service>, 'store' | 'waitForSync'> | undefined;

  constructor(client: ApiClient, services?: Pick<Informer<Service>, 'store' | 'waitForSync'>) {
    this.#client = client;
    this.#services = services;
  }

  configMap(namespace: string, name: string): Promise<ConfigMap | undefined> {
    return orUndefined(this.#client.forKind<ConfigMap>('', 'v1', 'ConfigMap', namespace).get(name));
  }

  secret(namespace: string, name: string): Promise<Secret | undefined> {
    return orUndefined(this.#client.forKind<Secret>('', 'v1', 'Secret', namespace).get(name));
  }

  async services(): Promise<Service[]> {
    // upstream's kubelet, too, starts no container before its service cache has synced.
    if (this.#services && (await this.#services.waitForSync())) return [...this.#services.store.list()];
    return (await this.#client.forKind<Service>('', 'v1', 'Service').list()).items;
  }

  async token(spec: TokenRequestSpec): Promise<IssuedToken> {
    const accounts = this.#client.forKind<KubeObject>('', 'v1', 'ServiceAccount', spec.namespace);
    const body: TokenRequest = {
      apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', metadata: {},
      spec: { audiences: spec.audiences, expirationSeconds: spec.expirationSeconds, boundObjectRef: { apiVersion: 'v1', kind: 'Pod', name: spec.podName, uid: spec.podUid } },
    };
    const issued = await accounts.http.request<TokenRequest>('POST', accounts.path(spec.namespace, spec.serviceAccountName, 'token'), { body });
    return { token: issued.status!.token, expiresAt: Date.parse(issued.status!.expirationTimestamp) };
  }
}

async function orUndefined<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}
