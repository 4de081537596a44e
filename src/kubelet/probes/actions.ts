// A probe's or hook's handler (exec, httpGet, tcpSocket, grpc) resolved against its container and
// pod, as upstream's prober does (pkg/kubelet/prober/prober.go): the host defaults to the pod IP,
// named ports are looked up in the container's ports, the scheme is lower-cased, the path gets its
// leading slash, and HTTP requests carry kube-probe's User-Agent and Accept unless the handler sets
// them. `sleep` is a hook-only action and stays with the hooks.
import type { Container, ExecAction, GRPCAction, HTTPGetAction, TCPSocketAction } from 'kubernetes-types/core/v1.d.ts';
import type { HandlerAction } from '../runtime/types.ts';

/** upstream: "kube-probe/<major>.<minor>" of the kubelet's version (v1.32.0-kites). */
export const PROBE_USER_AGENT = 'kube-probe/1.32';

export interface Handler {
  exec?: ExecAction;
  httpGet?: HTTPGetAction;
  tcpSocket?: TCPSocketAction;
  grpc?: GRPCAction;
}

export class HandlerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HandlerError';
  }
}

/** Throws HandlerError for a handler that names no action or a port the container does not have. */
export function resolveAction(handler: Handler, container: Container, podIP: string): HandlerAction {
  if (handler.exec) return { kind: 'exec', command: [...(handler.exec.command ?? [])] };
  if (handler.httpGet) {
    const h = handler.httpGet;
    const host = h.host || podIP;
    const port = resolvePort(h.port, container);
    const path = h.path ?? '';
    const url = `${(h.scheme ?? 'HTTP').toLowerCase()}://${hostPort(host, port)}${path.startsWith('/') ? path : `/${path}`}`;
    const headers: Record<string, string> = {};
    for (const hh of h.httpHeaders ?? []) headers[hh.name] = hh.value;
    const has = (name: string) => Object.keys(headers).some((k) => k.toLowerCase() === name);
    if (!has('user-agent')) headers['User-Agent'] = PROBE_USER_AGENT;
    if (!has('accept')) headers.Accept = '*/*';
    return { kind: 'httpGet', url, headers };
  }
  if (handler.tcpSocket) return { kind: 'tcpSocket', host: handler.tcpSocket.host || podIP, port: resolvePort(handler.tcpSocket.port, container) };
  if (handler.grpc) return { kind: 'grpc', host: podIP, port: handler.grpc.port, service: handler.grpc.service ?? '' };
  throw new HandlerError('missing probe handler');
}

/** A number, or a container port's name (upstream also accepts a numeric string). */
export function resolvePort(port: number | string, container: Container): number {
  if (typeof port === 'number') return port;
  const named = (container.ports ?? []).find((p) => p.name === port);
  if (named) return named.containerPort;
  if (/^\d+$/.test(port)) return Number(port);
  throw new HandlerError(`couldn't find port: ${port} in ${container.name}`);
}

function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
