// The API server: HTTPS, authentication, then either a resource request (routed to the handlers) or
// one of the fixed paths (version, health, metrics, discovery, OpenAPI).
import https from 'node:https';
import { ServerResponse, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { SchemaRegistry } from '../api/schema/registry.ts';
import { buildDiscovery, type DiscoveryDocuments } from '../api/discovery/documents.ts';
import { Authenticator } from './authn/authenticator.ts';
import { tlsServerOptions, type ServingMaterial } from './authn/tls-options.ts';
import { isService, queryFlag, type RequestContext, type ServerDeps, type UserInfo } from './context.ts';
import { ServiceAllocations } from './services/strategy.ts';
import { defaultAdmissionSettings, type AdmissionSettings } from './admission.ts';
import { resourceHandler } from './handlers/index.ts';
import { CrdController } from './crd/controller.ts';
import { ApiMetrics, verbOf } from './metrics.ts';
import { ObjectStore } from './objects/store.ts';
import { OpenApiDocuments } from './openapi-documents.ts';
import { parseResourcePath } from './request-info.ts';
import { sendError, sendJSON, sendText } from './respond.ts';
import { toApiError } from './storage-errors.ts';
import { errors } from './status.ts';
import { versionInfo } from './version.ts';
import type { Backend } from '../storage/backend.ts';
import type { Logger } from '../log/logger.ts';
import type { ServiceAccountKey } from './pki/service-account-key.ts';
import type { CertAndKey } from './pki/certificates.ts';
import { KubeletConnector } from './kubelet/connection.ts';

const publicPaths = new Set(['/version', '/healthz', '/livez', '/readyz']);

export interface ApiServerOptions {
  backend: Backend;
  registry: SchemaRegistry;
  tls: ServingMaterial;
  authenticator: Authenticator;
  logger: Logger;
  serviceAccountKey?: ServiceAccountKey;
  now?: () => Date;
  admission?: Partial<AdmissionSettings>;
  /** The client certificate for node agents' kubelet ports (pods/log, pods/exec). */
  kubeletClient?: CertAndKey;
}

export class ApiServer {
  readonly metrics = new ApiMetrics();
  private readonly deps: ServerDeps;
  private readonly server: https.Server;
  private discovery: DiscoveryDocuments;
  private readonly openapi: OpenApiDocuments;
  private readonly crds: CrdController;
  private ready = false;

  constructor(private readonly options: ApiServerOptions) {
    const store = new ObjectStore(options.backend);
    const services = new ServiceAllocations(options.backend);
    store.onDeleted(async (rt, deleted) => {
      if (isService(rt)) await services.releaseUnused(deleted, undefined);
    });
    this.deps = {
      store,
      services,
      registry: options.registry,
      now: options.now ?? (() => new Date()),
      tokens: options.authenticator.tokens,
      serviceAccountKey: options.serviceAccountKey,
      admission: { ...defaultAdmissionSettings, ...options.admission },
      kubelets: options.kubeletClient && new KubeletConnector(options.kubeletClient),
    };
    this.server = https.createServer(tlsServerOptions(options.tls), (req, res) => void this.handle(req, res));
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => void this.handleUpgrade(req, socket, head));
    this.server.keepAliveTimeout = 65_000;
    this.discovery = buildDiscovery(options.registry, { serverAddress: '127.0.0.1:6443' });
    this.openapi = new OpenApiDocuments(options.registry);
    this.crds = new CrdController({ store, registry: options.registry, logger: options.logger.with({ controller: 'crd' }), now: this.deps.now, onChange: () => this.registryChanged() });
  }

  get store(): ObjectStore {
    return this.deps.store;
  }

  get services(): ServiceAllocations {
    return this.deps.services;
  }

  async listen(port: number, host = '127.0.0.1'): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    const actual = (this.server.address() as AddressInfo).port;
    this.discovery = buildDiscovery(this.options.registry, { serverAddress: `${host}:${actual}` });
    // Stored CRDs are served before the server is marked ready.
    await this.crds.start();
    return actual;
  }

  /** /readyz answers ok from now on. */
  markReady(): void {
    this.ready = true;
  }

  /** The registry changed (a CRD was added or removed): rebuild the derived documents. */
  registryChanged(): void {
    const address = this.server.address() as AddressInfo | null;
    this.discovery = buildDiscovery(this.options.registry, { serverAddress: `127.0.0.1:${address?.port ?? 6443}` });
    this.openapi.invalidate();
  }

  async close(): Promise<void> {
    this.crds.stop();
    this.deps.store.close();
    this.deps.kubelets?.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /**
   * An upgrade request (kubectl exec's WebSocket) goes through the same authentication and routing,
   * with a response bound to its socket for the Status of a refusal; a handler that accepts it takes
   * the socket over.
   */
  private async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const res = new ServerResponse(req);
    res.assignSocket(socket as Socket);
    res.shouldKeepAlive = false;
    res.once('finish', () => socket.end());
    socket.on('error', () => socket.destroy());
    await this.handle(req, res, { socket, head });
  }

  private async handle(req: IncomingMessage, res: ServerResponse, upgrade?: RequestContext['upgrade']): Promise<void> {
    const started = process.hrtime.bigint();
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'https://kites');
    } catch {
      sendError(res, errors.badRequest('malformed request URL'));
      return;
    }
    const info = parseResourcePath(url.pathname);
    const isWatch = Boolean(info?.legacyWatch) || queryFlag(url.searchParams, 'watch');
    let code = 200;
    try {
      const auth = await this.options.authenticator.authenticate(req);
      // As upstream's system:public-info-viewer: version and health answer anyone.
      if (!('user' in auth) && !(info === undefined && publicPaths.has(url.pathname))) throw errors.unauthorized();
      const user = 'user' in auth ? auth.user : { name: 'system:anonymous', groups: ['system:unauthenticated'] };
      if (info) await this.handleResource(req, res, url, info, user, upgrade);
      else if (upgrade) throw errors.badRequest(`${url.pathname} cannot be upgraded`);
      else this.handleFixedPath(req, res, url);
      code = res.statusCode;
    } catch (err) {
      const apiError = sendError(res, toApiError(err));
      code = apiError.code;
      if (apiError.code >= 500) this.options.logger.error('request failed', { method: req.method, path: url.pathname, err: String((err as Error)?.stack ?? err) });
    } finally {
      if (info) {
        const verb = verbOf(req.method ?? 'GET', Boolean(info.name), isWatch);
        const labels = { verb, group: info.group, resource: info.resource, subresource: info.subresource ?? '' };
        this.metrics.requests.inc({ ...labels, code: String(code) });
        if (!isWatch) this.metrics.latency.observe({ verb, group: info.group, resource: info.resource }, Number(process.hrtime.bigint() - started) / 1e9);
      }
    }
  }

  private async handleResource(req: IncomingMessage, res: ServerResponse, url: URL, info: NonNullable<ReturnType<typeof parseResourcePath>>, user: UserInfo, upgrade?: RequestContext['upgrade']): Promise<void> {
    const rt = this.deps.registry.resource(info.group, info.version, info.resource);
    if (!rt) throw errors.noSuchResource();
    if (info.namespace !== undefined && !rt.namespaced) throw errors.notFound(rt.group, rt.plural, info.name ?? '');
    const ctx: RequestContext = { req, res, url, info, rt, user, deps: this.deps, warnings: [], upgrade };
    await resourceHandler(ctx)(ctx);
  }

  private handleFixedPath(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const path = url.pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') throw errors.methodNotAllowed(`${req.method} is not allowed on ${path}`);
    switch (path) {
      case '/version':
        return sendJSON(res, 200, versionInfo());
      case '/healthz':
      case '/livez':
        return sendText(res, 200, 'ok');
      case '/readyz':
        return this.ready ? sendText(res, 200, 'ok') : sendText(res, 503, '[-]kites not ready: storage or bootstrap still starting');
      case '/metrics':
        this.metrics.registry.metrics().then((text) => sendText(res, 200, text, this.metrics.registry.contentType), (err) => sendError(res, err));
        return;
    }
    const discovery = this.discovery.respond(path, req.headers.accept);
    if (discovery) {
      if (discovery.status === 406) throw errors.notAcceptable('none of the media types in the Accept header are supported for discovery');
      res.writeHead(200, { 'Content-Type': discovery.contentType, 'Content-Length': discovery.body.length, Vary: 'Accept' });
      res.end(discovery.body);
      return;
    }
    const doc = this.openapi.respond(path, req.headers.accept);
    if (doc) {
      res.writeHead(200, { 'Content-Type': doc.contentType, 'Content-Length': doc.body.length, 'Cache-Control': url.searchParams.has('hash') ? 'public, immutable' : 'no-cache' });
      res.end(doc.body);
      return;
    }
    throw errors.noSuchResource();
  }
}
