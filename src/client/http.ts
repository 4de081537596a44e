// The wire: a Transport sends one request and hands back the status and a body stream. The real one is
// node:https with a keep-alive agent; tests swap in a recording fake (testing.ts). ApiClient adds JSON,
// query strings, typed errors, and line-splitting for watch streams on top of any Transport.
import { Agent, request as httpsRequest } from 'node:https';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { readFile } from 'node:fs/promises';
import { createSecureContext } from 'node:tls';
import { realClock, type Clock } from './clock.ts';
import type { ClientConfig } from './config.ts';
import { ApiStatusError } from './errors.ts';

export interface TransportRequest {
  method: string;
  /** Path and query, e.g. /api/v1/namespaces/default/pods?watch=true */
  path: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export interface TransportResponse {
  status: number;
  body: AsyncIterable<Uint8Array | string>;
}

export type Transport = (req: TransportRequest) => Promise<TransportResponse>;

export interface HttpsTransport {
  send: Transport;
  /** Closes idle keep-alive sockets; open watches end when their signals abort. */
  close(): void;
}

/**
 * Watches hold a socket each for their whole life and controllers issue bursts of writes, so the
 * agent allows many sockets per host (Node's default is unlimited; we cap to stay a good citizen).
 */
export const MAX_SOCKETS = 1024;
const TOKEN_FILE_TTL_MS = 60_000;

export function httpsTransport(config: ClientConfig, options: { clock?: Clock } = {}): HttpsTransport {
  const url = new URL(config.server);
  const secure = url.protocol === 'https:';
  const clock = options.clock ?? realClock;
  // One TLS context for every socket: without it each new connection (a burst of concurrent writes
  // opens many) parses the CA, certificate and key again.
  const secureContext = secure ? createSecureContext({ ca: config.ca, cert: config.cert, key: config.key }) : undefined;
  const agent = secure
    ? new Agent({ keepAlive: true, maxSockets: MAX_SOCKETS, secureContext, rejectUnauthorized: !config.insecureSkipTLSVerify })
    : undefined;
  let cachedToken: { value: string; readAt: number } | undefined;
  const bearer = async (): Promise<string | undefined> => {
    if (config.token) return config.token;
    if (!config.tokenFile) return undefined;
    if (!cachedToken || clock.now() - cachedToken.readAt > TOKEN_FILE_TTL_MS) {
      cachedToken = { value: (await readFile(config.tokenFile, 'utf8')).trim(), readAt: clock.now() };
    }
    return cachedToken.value;
  };
  const basePath = url.pathname.replace(/\/$/, '');
  const send: Transport = async (req) => {
    const headers: Record<string, string> = { ...req.headers };
    const token = await bearer();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (req.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(req.body));
    const requestOptions = { method: req.method, hostname: url.hostname.replace(/^\[|\]$/g, ''), port: url.port || (secure ? 443 : 80), path: basePath + req.path, headers, signal: req.signal };
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const r = secure ? httpsRequest({ ...requestOptions, agent }, resolve) : httpRequest(requestOptions, resolve);
      r.on('error', reject);
      r.end(req.body);
    });
    return { status: response.statusCode ?? 0, body: response };
  };
  return { send, close: () => agent?.destroy() };
}

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Content-Type of the body; application/json unless a patch says otherwise. */
  contentType?: string;
  signal?: AbortSignal;
}

export function queryString(query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function readBody(body: AsyncIterable<Uint8Array | string>): Promise<string> {
  let text = '';
  const decoder = new TextDecoder();
  for await (const chunk of body) text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}

/** JSON requests and line streams over a Transport, with non-2xx answers turned into ApiStatusError. */
export class HttpClient {
  constructor(
    readonly transport: Transport,
    readonly userAgent = 'kites-client',
  ) {}

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.#send(method, path, options, 'application/json');
    const text = await readBody(response.body);
    if (response.status < 200 || response.status > 299) throw ApiStatusError.fromResponse(response.status, text);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /**
   * Newline-delimited JSON (a watch). Fails with ApiStatusError before yielding when the server
   * refuses; ends quietly when `signal` aborts.
   */
  async *lines(path: string, options: RequestOptions = {}): AsyncGenerator<string> {
    let response: TransportResponse;
    try {
      response = await this.#send('GET', path, options, 'application/json');
    } catch (err) {
      if (options.signal?.aborted) return;
      throw err;
    }
    if (response.status !== 200) throw ApiStatusError.fromResponse(response.status, await readBody(response.body));
    const decoder = new TextDecoder();
    let pending = '';
    try {
      for await (const chunk of response.body) {
        pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
        let nl: number;
        while ((nl = pending.indexOf('\n')) >= 0) {
          const line = pending.slice(0, nl).trim();
          pending = pending.slice(nl + 1);
          if (line) yield line;
        }
      }
    } catch (err) {
      if (options.signal?.aborted) return;
      throw err;
    }
    if (pending.trim()) yield pending.trim();
  }

  #send(method: string, path: string, options: RequestOptions, accept: string): Promise<TransportResponse> {
    const headers: Record<string, string> = { Accept: accept, 'User-Agent': this.userAgent };
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] = options.contentType ?? 'application/json';
    }
    return this.transport({ method, path: path + queryString(options.query), headers, body, signal: options.signal });
  }
}
