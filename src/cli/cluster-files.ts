// Where a cluster started by `kites up` keeps its process bookkeeping, next to the server's own files.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export const DEFAULT_DATA_DIR = '/var/lib/kites/server';

export const paths = (dataDir: string) => ({
  pid: join(dataDir, 'server.pid'),
  port: join(dataDir, 'server.port'),
  log: join(dataDir, 'server.log'),
  kubeconfig: join(dataDir, 'kubeconfig.yaml'),
  nodeToken: join(dataDir, 'node-token'),
  ca: join(dataDir, 'tls', 'ca.crt'),
});

/** The pid of the server `kites up` started for dataDir, if that process is still alive. */
export async function runningServerPid(dataDir: string): Promise<number | undefined> {
  const text = await readFile(paths(dataDir).pid, 'utf8').catch(() => undefined);
  const pid = Number(text);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

export async function serverPort(dataDir: string): Promise<number | undefined> {
  const port = Number(await readFile(paths(dataDir).port, 'utf8').catch(() => ''));
  return Number.isInteger(port) && port > 0 ? port : undefined;
}
