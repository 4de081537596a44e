// GET|POST /exec/{namespace}/{pod}/{container}?command=…&stdin=&stdout=&stderr=&tty=: runs a command
// in a running container through its runtime and carries its streams over WebSocket with the
// channel protocol (channels.ts). The API server tunnels kubectl's upgraded connection here
// unchanged, so this is the only place the protocol is spoken. SPDY (kubectl < 1.30) is not served.
import type { IncomingMessage } from 'node:http';
import type { Duplex, Readable } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Logger } from '../../log/logger.ts';
import type { ContainerRuntime, ExecRequest, ExecSession } from '../runtime/types.ts';
import { CHANNEL, PROTOCOLS, exitStatus, failureStatus, frame, negotiate, parseFrame, parseResize } from './channels.ts';
import { execContainer } from './container-lookup.ts';
import { HttpError, type NodePods } from './types.ts';

const wss = new WebSocketServer({ noServer: true, clientTracking: false, handleProtocols: (offered) => negotiate(offered) ?? false });

/** Validates the request (throwing HttpError before the upgrade), then upgrades and runs the command. */
export function serveExec(req: IncomingMessage, socket: Duplex, head: Buffer, url: URL, parts: string[], pods: NodePods, logger: Logger): void {
  const [namespace, podName, container] = parts as [string, string, string];
  if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket') {
    throw new HttpError(400, `exec needs a WebSocket upgrade (${PROTOCOLS.join(', ')}); the SPDY protocol of kubectl older than 1.30 is not supported`);
  }
  const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
  if (!negotiate(offered)) throw new HttpError(400, `none of the offered subprotocols is supported (supported: ${PROTOCOLS.join(', ')})`);
  const found = pods.pod(namespace, podName);
  if (!found) throw new HttpError(404, `pod "${podName}" does not exist`);
  const target = execContainer(found.pod, container);
  if ('code' in target) throw new HttpError(target.code, target.message);
  const runtime = found.runtime;
  if (!runtime.exec) throw new HttpError(400, 'this node\'s container runtime cannot exec');
  const q = url.searchParams;
  const flag = (name: string) => ['1', 'true'].includes(q.get(name) ?? '');
  const cmd = q.getAll('command');
  if (cmd.length === 0) throw new HttpError(400, 'you must specify at least one command for the container');
  const request: ExecRequest = { cmd, tty: flag('tty'), stdin: flag('stdin') };
  const wanted = { stdout: flag('stdout'), stderr: flag('stderr') };
  wss.handleUpgrade(req, socket, head, (ws) => {
    run(ws, runtime, target.id, request, wanted).catch((err: unknown) => {
      logger.warn('exec failed', { pod: `${namespace}/${podName}`, container, err: String(err) });
      ws.terminate();
    });
  });
}

async function run(ws: WebSocket, runtime: ContainerRuntime, id: string, request: ExecRequest, wanted: { stdout: boolean; stderr: boolean }): Promise<void> {
  let session: ExecSession;
  try {
    session = await runtime.exec!(id, request);
  } catch (err) {
    ws.send(frame(CHANNEL.error, JSON.stringify(failureStatus(err instanceof Error ? err.message : String(err)))));
    ws.close(1000);
    return;
  }
  let finished = false;
  ws.on('message', (raw: RawData) => onMessage(session, toBuffer(raw)));
  ws.on('close', () => {
    if (!finished) session.kill();
  });
  // stdin would never see end-of-file on v4 (it has no close channel) — as upstream.
  session.stdin?.on('error', () => undefined);
  const outputs = [forward(ws, session.stdout, CHANNEL.stdout, wanted.stdout)];
  if (session.stderr) outputs.push(forward(ws, session.stderr, CHANNEL.stderr, wanted.stderr));
  const [code] = await Promise.all([session.exited, ...outputs]);
  finished = true;
  if (ws.readyState !== ws.OPEN) return;
  ws.send(frame(CHANNEL.error, JSON.stringify(exitStatus(code))));
  ws.close(1000);
}

function onMessage(session: ExecSession, message: Buffer): void {
  const f = parseFrame(message);
  if (!f) return;
  if (f.channel === CHANNEL.stdin) session.stdin?.write(f.data);
  else if (f.channel === CHANNEL.resize) {
    const size = parseResize(f.data);
    if (size) session.resize(size);
  } else if (f.channel === CHANNEL.close && f.data[0] === CHANNEL.stdin) session.stdin?.end();
}

/** Sends a stream's chunks on its channel (or drops them when the client did not ask for it); resolves at its end. */
function forward(ws: WebSocket, stream: Readable, channel: number, wanted: boolean): Promise<void> {
  return new Promise((resolve) => {
    stream.on('data', (chunk: Buffer) => {
      if (wanted && ws.readyState === ws.OPEN) ws.send(frame(channel, chunk));
    });
    stream.once('end', resolve);
    stream.once('error', () => resolve());
    stream.once('close', resolve);
  });
}

function toBuffer(raw: RawData): Buffer {
  if (Buffer.isBuffer(raw)) return raw;
  return Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw);
}
