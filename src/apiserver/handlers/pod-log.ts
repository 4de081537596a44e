// GET pods/NAME/log: the container's log, streamed from its node agent's /containerLogs as it
// arrives (chunked), so `kubectl logs -f` follows. Errors before the stream starts are Statuses;
// the agent's own (a container still waiting to start, no previous container) come back as 400s.
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { IncomingMessage } from 'node:http';
import type { RequestContext } from '../context.ts';
import { agentError, dialError, kubeletLocation, podContainer, type KubeletConnector, type KubeletLocation } from '../kubelet/connection.ts';
import { errors } from '../status.ts';

/** The query parameters upstream's PodLogOptions passes on to the kubelet. */
const LOG_PARAMS = ['follow', 'previous', 'timestamps', 'tailLines', 'sinceSeconds', 'sinceTime', 'limitBytes'];

export async function podLog(ctx: RequestContext): Promise<void> {
  const { pod, location, kubelets } = await podTarget(ctx);
  const container = podContainer(pod, ctx.url.searchParams.get('container') ?? undefined);
  const query = new URLSearchParams();
  for (const name of LOG_PARAMS) {
    const value = ctx.url.searchParams.get(name);
    if (value !== null) query.set(name, value);
  }
  const path = `/containerLogs/${[ctx.info.namespace!, ctx.info.name!, container].map(encodeURIComponent).join('/')}${query.size ? `?${query}` : ''}`;
  const upstream = kubelets.request(location, 'GET', path);
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    upstream.once('response', resolve);
    upstream.once('error', (err) => reject(dialError('GET', location, path, err)));
    upstream.end();
  });
  if (response.statusCode !== 200) throw await agentError(response);
  const { res } = ctx;
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  // The client leaving ends the agent's stream too.
  res.once('close', () => upstream.destroy());
  await new Promise<void>((resolve) => {
    response.pipe(res);
    response.once('end', resolve);
    response.once('error', () => {
      res.destroy();
      resolve();
    });
    res.once('close', resolve);
  });
}

/** The pod, its node agent's address and the connector, or the Status upstream answers. */
export async function podTarget(ctx: RequestContext): Promise<{ pod: Pod; location: KubeletLocation; kubelets: KubeletConnector }> {
  const { deps, rt, info } = ctx;
  const pod = (await deps.store.get(rt, info.namespace, info.name!)) as Pod;
  const nodeName = pod.spec?.nodeName;
  const nodes = deps.registry.resource('', 'v1', 'nodes')!;
  const node = nodeName ? ((await deps.store.tryGet(nodes, undefined, nodeName)) as Node | undefined) : undefined;
  const location = kubeletLocation(pod, node);
  if (!deps.kubelets) throw errors.unavailable('this API server has no client certificate for the node agents');
  return { pod, location, kubelets: deps.kubelets };
}
