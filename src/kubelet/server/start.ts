// Starting the kubelet port for an agent: a fresh serving certificate for the nodes' names and
// addresses, then the listener.
import type { Clock } from '../../client/clock.ts';
import type { Logger } from '../../log/logger.ts';
import { KubeletServer } from './server.ts';
import { selfSignedServing } from './tls.ts';
import type { NodePods } from './types.ts';

export interface KubeletPortOptions {
  /** Listen address; 0.0.0.0 by default, as upstream. */
  address?: string;
  /** 10250 upstream; 0 picks a free port (hollow nodes, tests). */
  port: number;
  /** PEM of the cluster CA that signed the API server's kubelet-client certificate. */
  clientCa: string;
}

/** Answers the running server and the port it got. */
export async function startKubeletServer(
  options: KubeletPortOptions & { names: string[]; pods: NodePods; clock: Clock; logger: Logger },
): Promise<{ server: KubeletServer; port: number }> {
  const serving = await selfSignedServing(options.names, new Date(options.clock.now()));
  const server = new KubeletServer({
    address: options.address ?? '0.0.0.0', port: options.port, serving, clientCa: options.clientCa, pods: options.pods, clock: options.clock, logger: options.logger,
  });
  const port = await server.listen();
  options.logger.info('kubelet server listening', { address: options.address ?? '0.0.0.0', port });
  return { server, port };
}
