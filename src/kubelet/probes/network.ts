// The prober's real reach into a pod: HTTP(S) GETs, TCP connects and gRPC health checks over the
// network, exec through the runtime's execSync — the outcomes and messages upstream's probers give
// (pkg/probe/{http,tcp,grpc,exec}): HTTP 200–399 is a success (redirects are not followed; a 3xx
// already counts), a refused or timed-out connection is a failure with the dial error as output.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { ExecTimeoutError, type ContainerRuntime, type HandlerAction, type HandlerOutcome, type HandlerRequest, type ProbeTarget } from '../runtime/types.ts';
import { grpcHealthCheck } from './grpc.ts';

/** upstream keeps at most 10 KiB of a probe's response body as its output. */
const MAX_BODY = 10 * 1024;

export class NetworkProbeTarget implements ProbeTarget {
  readonly #runtime: Pick<ContainerRuntime, 'execSync'>;

  constructor(runtime: Pick<ContainerRuntime, 'execSync'>) {
    this.#runtime = runtime;
  }

  run(request: HandlerRequest): Promise<HandlerOutcome> {
    const a: HandlerAction = request.action;
    switch (a.kind) {
      case 'exec': return this.#exec(request.containerId, a.command, request.timeoutMs);
      case 'httpGet': return httpGet(a.url, a.headers, request.timeoutMs);
      case 'tcpSocket': return tcpConnect(a.host, a.port, request.timeoutMs);
      case 'grpc': return grpcHealthCheck(a.host, a.port, a.service, request.timeoutMs);
    }
  }

  async #exec(containerId: string, command: string[], timeoutMs: number): Promise<HandlerOutcome> {
    if (!this.#runtime.execSync) return { result: 'failure', output: 'the container runtime does not support exec' };
    try {
      const r = await this.#runtime.execSync(containerId, command, Math.ceil(timeoutMs / 1000));
      return { result: r.exitCode === 0 ? 'success' : 'failure', output: r.stdout + r.stderr };
    } catch (err) {
      if (err instanceof ExecTimeoutError) return { result: 'failure', output: `command "${command.join(' ')}" timed out` };
      throw err;
    }
  }
}

export function httpGet(url: string, headers: Record<string, string>, timeoutMs: number): Promise<HandlerOutcome> {
  return new Promise((resolve) => {
    const get = url.startsWith('https:') ? https.get : http.get;
    // Probes do not verify certificates (upstream sets InsecureSkipVerify), nor keep connections.
    const req = get(url, { headers, timeout: timeoutMs, agent: false, rejectUnauthorized: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < MAX_BODY) chunks.push(c.subarray(0, MAX_BODY - size));
        size += c.length;
      });
      res.on('end', () => {
        const code = res.statusCode ?? 0;
        const body = Buffer.concat(chunks).toString();
        resolve(code >= 200 && code < 400 ? { result: 'success', output: body } : { result: 'failure', output: `HTTP probe failed with statuscode: ${code}` });
      });
      res.on('error', (err) => resolve({ result: 'failure', output: `Get "${url}": ${err.message}` }));
    });
    req.on('timeout', () => req.destroy(new Error('context deadline exceeded (Client.Timeout exceeded while awaiting headers)')));
    req.on('error', (err) => resolve({ result: 'failure', output: `Get "${url}": ${err.message}` }));
  });
}

export function tcpConnect(host: string, port: number, timeoutMs: number): Promise<HandlerOutcome> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: timeoutMs });
    const done = (outcome: HandlerOutcome) => {
      socket.destroy();
      resolve(outcome);
    };
    socket.on('connect', () => done({ result: 'success', output: '' }));
    socket.on('timeout', () => done({ result: 'failure', output: `dial tcp ${host}:${port}: i/o timeout` }));
    socket.on('error', (err) => done({ result: 'failure', output: `dial tcp ${host}:${port}: ${err.message}` }));
  });
}
