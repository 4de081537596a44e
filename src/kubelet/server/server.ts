// The kubelet's HTTPS port (10250): what the API server proxies `kubectl logs` and `kubectl exec` to.
// One listener per agent process serves all of its nodes (hollow nodes share it), finding a pod's
// node and runtime through NodePods. Only the API server's client certificate gets in (tls.ts).
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Clock } from '../../client/clock.ts';
import type { Logger } from '../../log/logger.ts';
import type { CertAndKey } from '../../apiserver/pki/certificates.ts';
import { serveExec } from './exec.ts';
import { serveContainerLogs } from './logs.ts';
import { isApiServer, kubeletTlsOptions } from './tls.ts';
import { HttpError, type NodePods } from './types.ts';

export interface KubeletServerOptions {
  /** Listen address (upstream's --address, 0.0.0.0 by default). */
  address: string;
  /** 0 picks a free port. */
  port: number;
  serving: CertAndKey;
  /** The cluster CA, which signed the API server's kubelet-client certificate. */
  clientCa: string;
  pods: NodePods;
  clock: Clock;
  logger: Logger;
}

export class KubeletServer {
  readonly #o: KubeletServerOptions;
  readonly #server: https.Server;

  constructor(options: KubeletServerOptions) {
    this.#o = options;
    this.#server = https.createServer(kubeletTlsOptions(options.serving, options.clientCa), (req, res) => void this.#handle(req, res));
    this.#server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => this.#upgrade(req, socket, head));
  }

  /** Answers the port it listens on. */
  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.#o.port, this.#o.address, () => resolve());
    });
    return (this.#server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const { url, route, parts } = this.#route(req);
      if (route === 'healthz') {
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      } else if (route === 'containerLogs' && req.method === 'GET') {
        await serveContainerLogs(req, res, url, parts, this.#o.pods, this.#o.clock);
      } else if (route === 'exec') {
        throw new HttpError(400, 'Upgrade request required');
      } else {
        throw new HttpError(404, `no handler for ${req.method} ${url.pathname}`);
      }
    } catch (err) {
      sendError(res, err, this.#o.logger);
    }
  }

  #upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    try {
      const { url, route, parts } = this.#route(req);
      if (route !== 'exec') throw new HttpError(404, `no upgrade handler for ${url.pathname}`);
      serveExec(req, socket, head, url, parts, this.#o.pods, this.#o.logger);
    } catch (err) {
      const code = err instanceof HttpError ? err.code : 500;
      const message = err instanceof Error ? err.message : String(err);
      socket.end(`HTTP/1.1 ${code} ${code === 404 ? 'Not Found' : code === 403 ? 'Forbidden' : 'Bad Request'}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(message)}\r\nConnection: close\r\n\r\n${message}`);
    }
  }

  /** Authorizes the caller and splits /route/ns/pod/container. */
  #route(req: IncomingMessage): { url: URL; route: string; parts: string[] } {
    const url = new URL(req.url ?? '/', 'https://kubelet');
    if (!isApiServer(req.socket as TLSSocket)) throw new HttpError(403, 'Forbidden: only the API server may use the kubelet port');
    const [route = '', ...parts] = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if ((route === 'containerLogs' || route === 'exec') && parts.length !== 3) throw new HttpError(404, `expected /${route}/{namespace}/{pod}/{container}`);
    return { url, route, parts };
  }
}

function sendError(res: ServerResponse, err: unknown, logger: Logger): void {
  const code = err instanceof HttpError ? err.code : 500;
  const message = err instanceof Error ? err.message : String(err);
  if (code >= 500) logger.error('kubelet request failed', { err: String((err as Error)?.stack ?? err) });
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(code, { 'Content-Type': 'text/plain; charset=utf-8' }).end(message);
}
