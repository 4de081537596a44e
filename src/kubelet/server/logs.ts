// GET /containerLogs/{namespace}/{pod}/{container}: one container's log, read from the CRI log file
// its runtime reports, with upstream's query parameters (follow, previous, tailLines, sinceSeconds,
// sinceTime, timestamps, limitBytes). Errors are plain text with a status code, as upstream's kubelet
// writes them; the API server turns them into a Status.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../client/clock.ts';
import { streamContainerLog, type LogStreamOptions } from '../logs/reader.ts';
import type { ContainerRuntime } from '../runtime/types.ts';
import { logContainer } from './container-lookup.ts';
import { HttpError, type NodePods } from './types.ts';

export async function serveContainerLogs(req: IncomingMessage, res: ServerResponse, url: URL, parts: string[], pods: NodePods, clock: Clock): Promise<void> {
  const [namespace, podName, container] = parts as [string, string, string];
  const found = pods.pod(namespace, podName);
  if (!found) throw new HttpError(404, `pod "${podName}" does not exist`);
  const options = logOptions(url.searchParams, clock.now());
  const target = logContainer(found.pod, container, url.searchParams.get('previous') === 'true');
  if ('code' in target) throw new HttpError(target.code, target.message);
  const path = await logPath(found.runtime, target.id);
  if (!path) throw new HttpError(400, `container "${container}" in pod "${podName}" has no log on this node`);
  const abort = new AbortController();
  res.once('close', () => abort.abort());
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
  try {
    await streamContainerLog(path, options, (chunk) => write(res, chunk), {
      clock, signal: abort.signal,
      running: async () => (await found.runtime.containerStatus(target.id).catch(() => undefined))?.state === 'CONTAINER_RUNNING',
    });
  } catch (err) {
    // Headers are out: all that is left is to end the stream early.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') req.socket.destroy(err as Error);
  }
  res.end();
}

/** Query → options; bad numbers are a 400 (as upstream's kubelet validation answers). */
export function logOptions(q: URLSearchParams, nowMs: number): LogStreamOptions {
  const int = (name: string, min: number): number | undefined => {
    const raw = q.get(name);
    if (raw === null || raw === '') return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new HttpError(400, `${name}: Invalid value: ${raw}: must be ${min === 0 ? 'greater than or equal to 0' : 'greater than 0'}`);
    return n;
  };
  const sinceSeconds = int('sinceSeconds', 1);
  const sinceTime = q.get('sinceTime');
  let sinceMs = sinceSeconds !== undefined ? nowMs - sinceSeconds * 1000 : undefined;
  if (sinceTime) {
    sinceMs = Date.parse(sinceTime);
    if (Number.isNaN(sinceMs)) throw new HttpError(400, `sinceTime: Invalid value: "${sinceTime}": not an RFC3339 time`);
  }
  return {
    follow: q.get('follow') === 'true', timestamps: q.get('timestamps') === 'true',
    tailLines: int('tailLines', 0), limitBytes: int('limitBytes', 1), sinceMs,
  };
}

async function logPath(runtime: ContainerRuntime, id: string): Promise<string | undefined> {
  const status = await runtime.containerStatus(id).catch(() => undefined);
  return status?.logPath;
}

function write(res: ServerResponse, chunk: Buffer): Promise<void> | void {
  if (res.destroyed || res.write(chunk)) return;
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}
