// The server's own node: a runc node agent in the server process (unless --disable-agent), joined
// with the node token like any other agent. As k3s, the node carries the control-plane role label
// and no taint, so a single-node cluster runs workloads; taint it to keep user pods off.
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { ApiClient } from '../client/index.ts';
import { runAgent } from '../kubelet/agent.ts';
import { KUBELET_PORT } from '../kubelet/node/status.ts';
import type { Logger } from '../log/logger.ts';

export const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';

export async function runEmbeddedAgent(
  options: { client: ApiClient; dataDir: string; logger: Logger; allowEgress?: boolean; /** The cluster CA: the kubelet port checks the API server's client certificate against it. */ clientCa: string },
  signal: AbortSignal,
): Promise<void> {
  const logger = options.logger.with({ component: 'embedded-agent' });
  if (process.getuid?.() !== 0) {
    logger.warn('not starting the embedded node agent: running real containers needs root (use --disable-agent to silence this, or join agents with `kites agent`)');
    return;
  }
  try {
    await runAgent(
      {
        client: options.client,
        nodeName: hostname().toLowerCase(),
        dataDir: join(options.dataDir, 'agent'),
        runtime: 'runc',
        allowEgress: options.allowEgress,
        kubeletServer: { port: KUBELET_PORT, clientCa: options.clientCa },
        labels: { [CONTROL_PLANE_LABEL]: 'true', 'node-role.kubernetes.io/master': 'true' },
        logger,
      },
      signal,
    );
  } catch (err) {
    // The control plane stays up without its own node: say why and how to fix it.
    logger.error('embedded node agent stopped', { err: String(err) });
  }
}
