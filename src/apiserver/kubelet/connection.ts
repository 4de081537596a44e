// How the API server reaches a pod's node agent: the node's InternalIP and published kubelet port
// (status.daemonEndpoints.kubeletEndpoint.Port), over HTTPS with the API server's kubelet-client
// certificate. Like upstream without --kubelet-certificate-authority, the agent's serving
// certificate is not verified (agents make their own); the agent, in turn, lets in only this client.
import https from 'node:https';
import type { ClientRequest, IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { CertAndKey } from '../pki/certificates.ts';
import { ApiError, errors } from '../status.ts';

export interface KubeletLocation {
  host: string;
  port: number;
}

const DEFAULT_KUBELET_PORT = 10250;
/** Address types tried in order (k3s' choice for --kubelet-preferred-address-types). */
const ADDRESS_TYPES = ['InternalIP', 'ExternalIP', 'Hostname'];

export class KubeletConnector {
  readonly #agent: https.Agent;

  constructor(clientCert: CertAndKey) {
    this.#agent = new https.Agent({ cert: clientCert.cert, key: clientCert.key, rejectUnauthorized: false, keepAlive: true });
  }

  /** A request to the agent; the caller ends it and handles 'response'/'upgrade'/'error'. */
  request(location: KubeletLocation, method: string, path: string, headers: IncomingHttpHeaders = {}): ClientRequest {
    return https.request({ agent: this.#agent, host: location.host, port: location.port, method, path, headers });
  }

  close(): void {
    this.#agent.destroy();
  }
}

/** Where the node's agent listens; 400 for a pod with no node, 404 for a node that is gone. */
export function kubeletLocation(pod: Pod, node: Node | undefined): KubeletLocation {
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) throw errors.badRequest(`pod ${pod.metadata?.name} does not have a host assigned`);
  if (!node) throw errors.notFound('', 'nodes', nodeName);
  const addresses = node.status?.addresses ?? [];
  const host = ADDRESS_TYPES.map((t) => addresses.find((a) => a.type === t)?.address).find(Boolean);
  if (!host) throw errors.badRequest(`node ${nodeName} has no address to reach its kubelet at`);
  return { host, port: node.status?.daemonEndpoints?.kubeletEndpoint?.Port || DEFAULT_KUBELET_PORT };
}

/**
 * Which container a logs or exec request means: the named one (which must exist), or the pod's only
 * one — upstream's messages (pkg/registry/core/pod/strategy.go validateContainer).
 */
export function podContainer(pod: Pod, container: string | undefined): string {
  const spec = pod.spec;
  const name = pod.metadata?.name ?? '';
  const all = [...(spec?.containers ?? []), ...(spec?.initContainers ?? []), ...(spec?.ephemeralContainers ?? [])].map((c) => c.name);
  if (container) {
    if (!all.includes(container)) throw errors.badRequest(`container ${container} is not valid for pod ${name}`);
    return container;
  }
  const containers = (spec?.containers ?? []).map((c) => c.name);
  if (containers.length === 1) return containers[0]!;
  if (containers.length === 0) throw errors.badRequest(`a container name must be specified for pod ${name}`);
  const inits = (spec?.initContainers ?? []).map((c) => c.name);
  let message = `a container name must be specified for pod ${name}, choose one of: [${containers.join(' ')}]`;
  if (inits.length) message += ` or one of the init containers: [${inits.join(' ')}]`;
  throw errors.badRequest(message);
}

/** An agent's non-2xx answer (plain text) as a Status, as upstream's generic response checker makes it. */
export async function agentError(res: IncomingMessage): Promise<ApiError> {
  let body = '';
  for await (const chunk of res) {
    body += (chunk as Buffer).toString();
    if (body.length > 4096) break;
  }
  res.destroy();
  const code = res.statusCode ?? 500;
  const message = body.trim() || `the kubelet answered ${code}`;
  const reasons: Record<number, string> = { 400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 409: 'Conflict' };
  return new ApiError(code, reasons[code] ?? 'InternalError', message);
}

/** A connection failure, worded like upstream's (`Get "https://…": dial …`). */
export function dialError(method: string, location: KubeletLocation, path: string, err: Error): ApiError {
  return errors.internal(`${method === 'GET' ? 'Get' : 'Post'} "https://${location.host}:${location.port}${path}": ${err.message}`);
}
