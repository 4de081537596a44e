// A client for OCI distribution registries (the /v2/ API): manifests and blobs, with the auth
// challenge flow — a 401 names Bearer (ask the realm for a token for the repository's pull scope,
// with Basic credentials if we have them) or Basic (send the credentials). Plain http is used only
// for registries configured as insecure; loopback registries are insecure by default, as in Docker.
import { Readable } from 'node:stream';
import { basicAuthorization, parseChallenge, type Credentials } from './auth.ts';
import { sha256Digest } from './digest.ts';
import { indexMediaTypes, manifestMediaTypes } from './oci.ts';

export class RegistryError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

export type Fetch = typeof fetch;

export interface RegistryClientOptions {
  /** Registries spoken to over plain http, as host[:port]. Loopback hosts always are. */
  insecureRegistries?: string[];
  fetch?: Fetch;
}

export interface FetchedManifest {
  digest: string;
  mediaType: string;
  body: Buffer;
}

const manifestAccept = [...manifestMediaTypes, ...indexMediaTypes].join(', ');

export function isLoopback(domain: string): boolean {
  const host = domain.startsWith('[') ? domain.slice(0, domain.indexOf(']') + 1) : domain.split(':')[0]!;
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

export class RegistryClient {
  private readonly insecure: Set<string>;
  private readonly fetch: Fetch;
  /** Bearer tokens by registry and scope (tokens are short-lived; a 401 asks again). */
  private readonly tokens = new Map<string, string>();

  constructor(options: RegistryClientOptions = {}) {
    this.insecure = new Set(options.insecureRegistries ?? []);
    this.fetch = options.fetch ?? fetch;
  }

  baseUrl(domain: string): string {
    if (domain === 'docker.io') return 'https://registry-1.docker.io';
    return `${this.insecure.has(domain) || isLoopback(domain) ? 'http' : 'https'}://${domain}`;
  }

  /** The manifest or index at a tag or digest; its digest is computed and checked, never trusted. */
  async manifest(domain: string, repository: string, reference: string, credentials?: Credentials): Promise<FetchedManifest> {
    const response = await this.get(domain, repository, `manifests/${reference}`, credentials, manifestAccept);
    const body = Buffer.from(await response.arrayBuffer());
    const digest = sha256Digest(body);
    const claimed = reference.startsWith('sha256:') ? reference : response.headers.get('docker-content-digest');
    if (claimed && claimed !== digest) throw new RegistryError(`manifest ${domain}/${repository}:${reference} has digest ${digest}, expected ${claimed}`);
    const mediaType = response.headers.get('content-type')?.split(';')[0]?.trim() || (JSON.parse(body.toString('utf8')) as { mediaType?: string }).mediaType || '';
    return { digest, mediaType, body };
  }

  /** A blob's bytes as a stream; the store checks them against the digest. */
  async blob(domain: string, repository: string, digest: string, credentials?: Credentials): Promise<Readable> {
    const response = await this.get(domain, repository, `blobs/${digest}`, credentials);
    if (!response.body) throw new RegistryError(`blob ${digest} has no body`);
    return Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>);
  }

  private async get(domain: string, repository: string, path: string, credentials: Credentials | undefined, accept?: string): Promise<Response> {
    const url = `${this.baseUrl(domain)}/v2/${repository}/${path}`;
    const scope = `repository:${repository}:pull`;
    const tokenKey = `${domain} ${scope}`;
    const headers = (authorization?: string): Record<string, string> => ({ ...(accept && { accept }), ...(authorization && { authorization }) });
    const cached = this.tokens.get(tokenKey);
    let response = await this.send(url, headers(cached ? `Bearer ${cached}` : undefined));
    if (response.status === 401) {
      const authorization = await this.authorize(response, scope, credentials);
      await response.body?.cancel();
      if (authorization.startsWith('Bearer ')) this.tokens.set(tokenKey, authorization.slice(7));
      response = await this.send(url, headers(authorization));
    }
    if (response.ok) return response;
    const detail = await response.text().catch(() => '');
    const what = `${domain}/${repository} ${path}`;
    if (response.status === 404) throw new RegistryError(`${what}: not found`, 404);
    if (response.status === 401 || response.status === 403) throw new RegistryError(`${what}: pull access denied (${response.status}); the repository may not exist or may need credentials`, response.status);
    throw new RegistryError(`${what}: registry answered ${response.status} ${detail.slice(0, 200)}`, response.status);
  }

  private async send(url: string, headers: Record<string, string>): Promise<Response> {
    try {
      return await this.fetch(url, { headers, redirect: 'follow' });
    } catch (err) {
      const cause = (err as { cause?: Error }).cause;
      throw new RegistryError(`cannot reach ${new URL(url).host}: ${cause?.message ?? (err as Error).message}`);
    }
  }

  /** The Authorization header a 401's challenge asks for. */
  private async authorize(response: Response, scope: string, credentials: Credentials | undefined): Promise<string> {
    const challenge = parseChallenge(response.headers.get('www-authenticate') ?? '');
    if (challenge?.scheme === 'basic') {
      if (!credentials) throw new RegistryError('the registry wants credentials (Basic) and none were given', 401);
      return basicAuthorization(credentials);
    }
    if (challenge?.scheme !== 'bearer' || !challenge.params.realm) throw new RegistryError(`unsupported auth challenge "${response.headers.get('www-authenticate') ?? ''}"`, 401);
    const realm = new URL(challenge.params.realm);
    if (challenge.params.service) realm.searchParams.set('service', challenge.params.service);
    realm.searchParams.set('scope', challenge.params.scope ?? scope);
    const tokenResponse = await this.send(realm.toString(), credentials ? { authorization: basicAuthorization(credentials) } : {});
    if (!tokenResponse.ok) throw new RegistryError(`token server ${realm.host} answered ${tokenResponse.status}`, tokenResponse.status);
    const body = (await tokenResponse.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new RegistryError(`token server ${realm.host} sent no token`);
    return `Bearer ${token}`;
  }
}
