// Test doubles for code built on the client: a recording fake Transport with scripted answers and
// controllable watch streams, so unit tests exercise the real ApiClient/ResourceClient/Informer code
// without a server and without sleeping.
import type { Transport, TransportRequest, TransportResponse } from './http.ts';

export interface RecordedRequest extends TransportRequest {
  url: URL;
  /** The JSON body, parsed. */
  json?: unknown;
}

export type FakeAnswer = { status: number; body?: unknown } | { status: 200; stream: FakeStream };
type Responder = (req: RecordedRequest) => FakeAnswer | Promise<FakeAnswer>;

/** A watch body the test writes to: each push is one JSON line. */
export class FakeStream {
  readonly #queue: (string | null)[] = [];
  #wake: (() => void) | undefined;
  #ended = false;

  push(event: unknown): void {
    this.#queue.push(JSON.stringify(event) + '\n');
    this.#wake?.();
  }

  /** The server closes the stream (e.g. timeoutSeconds). */
  end(): void {
    this.#queue.push(null);
    this.#wake?.();
  }

  get ended(): boolean {
    return this.#ended;
  }

  async *body(signal?: AbortSignal): AsyncGenerator<string> {
    const onAbort = () => this.#wake?.();
    signal?.addEventListener('abort', onAbort);
    try {
      for (;;) {
        if (signal?.aborted) throw Object.assign(new Error('The operation was aborted'), { name: 'AbortError' });
        const next = this.#queue.shift();
        if (next === null) return;
        if (next !== undefined) {
          yield next;
          continue;
        }
        await new Promise<void>((resolve) => (this.#wake = resolve));
        this.#wake = undefined;
      }
    } finally {
      this.#ended = true;
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

/**
 * Answers requests from routes matched in order (method + path regexp against the path without query);
 * `once` routes are used up by their first match. Unmatched requests get a 404 Status.
 */
export class FakeTransport {
  readonly requests: RecordedRequest[] = [];
  readonly #routes: { method: string; path: RegExp; respond: Responder; once: boolean }[] = [];

  on(method: string, path: RegExp, respond: Responder | FakeAnswer): this {
    this.#routes.push({ method, path, respond: typeof respond === 'function' ? respond : () => respond, once: false });
    return this;
  }

  once(method: string, path: RegExp, respond: Responder | FakeAnswer): this {
    this.#routes.push({ method, path, respond: typeof respond === 'function' ? respond : () => respond, once: true });
    return this;
  }

  /** Requests whose method matches and whose path (with query) contains `fragment`. */
  find(method: string, fragment = ''): RecordedRequest[] {
    return this.requests.filter((r) => r.method === method && r.path.includes(fragment));
  }

  readonly send: Transport = async (req) => {
    const url = new URL(req.path, 'https://fake.invalid');
    const recorded: RecordedRequest = { ...req, url, json: req.body ? JSON.parse(req.body) : undefined };
    this.requests.push(recorded);
    const index = this.#routes.findIndex((r) => r.method === req.method && r.path.test(url.pathname));
    if (index < 0) return answer({ status: 404, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404, message: `no fake route for ${req.method} ${req.path}` } }, req.signal);
    const route = this.#routes[index]!;
    if (route.once) this.#routes.splice(index, 1);
    return answer(await route.respond(recorded), req.signal);
  };
}

function answer(a: FakeAnswer, signal?: AbortSignal): TransportResponse {
  if ('stream' in a) return { status: a.status, body: a.stream.body(signal) };
  const text = a.body === undefined ? '' : JSON.stringify(a.body);
  return { status: a.status, body: (async function* () {
    yield text;
  })() };
}

/** A Status body as the server sends for failures. */
export function statusBody(code: number, reason: string, message = reason): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message };
}
