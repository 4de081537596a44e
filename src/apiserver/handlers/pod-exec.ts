// pods/NAME/exec: kubectl's upgrade request (WebSocket, v5/v4.channel.k8s.io) is passed on to the
// node agent's /exec and, once the agent switches protocols, the two connections are joined byte for
// byte — as upstream's API server proxies it — so the stream protocol lives in the agent alone.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RequestContext } from '../context.ts';
import { agentError, dialError, podContainer } from '../kubelet/connection.ts';
import { errors } from '../status.ts';
import { podTarget } from './pod-log.ts';

const EXEC_PARAMS = ['stdin', 'stdout', 'stderr', 'tty'];
/** Headers the agent needs to answer the upgrade itself; credentials stay here. */
const UPGRADE_HEADERS = ['connection', 'upgrade', 'sec-websocket-key', 'sec-websocket-version', 'sec-websocket-protocol', 'sec-websocket-extensions', 'x-stream-protocol-version'];

export async function podExec(ctx: RequestContext): Promise<void> {
  const upgrade = ctx.upgrade;
  if (!upgrade) throw errors.badRequest('Upgrade request required');
  const { pod, location, kubelets } = await podTarget(ctx);
  const params = ctx.url.searchParams;
  const container = podContainer(pod, params.get('container') ?? undefined);
  const query = new URLSearchParams();
  for (const command of params.getAll('command')) query.append('command', command);
  for (const name of EXEC_PARAMS) {
    const value = params.get(name);
    if (value !== null) query.set(name, value);
  }
  const path = `/exec/${[ctx.info.namespace!, ctx.info.name!, container].map(encodeURIComponent).join('/')}?${query}`;
  const headers: Record<string, string | string[]> = {};
  for (const name of UPGRADE_HEADERS) {
    const value = ctx.req.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  const method = ctx.req.method ?? 'GET';
  const upstream = kubelets.request(location, method, path, headers);
  await new Promise<void>((resolve, reject) => {
    upstream.once('upgrade', (answer: IncomingMessage, agent: Duplex, agentHead: Buffer) => {
      ctx.res.statusCode = 101;
      ctx.res.detachSocket(upgrade.socket as never);
      join(upgrade.socket, upgrade.head, answer, agent, agentHead, resolve);
    });
    upstream.once('response', (answer: IncomingMessage) => void agentError(answer).then(reject, reject));
    upstream.once('error', (err) => reject(dialError(method, location, path, err)));
    upstream.end();
  });
}

/** Writes the agent's 101 to the client, then pipes both ways until either side closes. */
function join(client: Duplex, clientHead: Buffer, answer: IncomingMessage, agent: Duplex, agentHead: Buffer, done: () => void): void {
  let head = `HTTP/1.1 ${answer.statusCode} ${answer.statusMessage ?? 'Switching Protocols'}\r\n`;
  for (let i = 0; i < answer.rawHeaders.length; i += 2) head += `${answer.rawHeaders[i]}: ${answer.rawHeaders[i + 1]}\r\n`;
  client.write(`${head}\r\n`);
  if (agentHead.length) client.write(agentHead);
  if (clientHead.length) agent.write(clientHead);
  agent.pipe(client);
  client.pipe(agent);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    client.destroy();
    agent.destroy();
    done();
  };
  for (const s of [client, agent]) {
    s.once('close', close);
    s.once('error', close);
  }
}
