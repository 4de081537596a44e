// Starts Debian's docker-registry (distribution 2.8) for tests: 127.0.0.1, a free port, a temporary
// storage directory, no auth. Readiness is the registry's own "listening on" log line, never a
// sleep. pushArchive() copies an image archive into it with skopeo (also a Debian package).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const registryBinary = '/usr/bin/docker-registry';
const skopeoBinary = '/usr/bin/skopeo';
export const registryInstallCommand = 'sudo apt-get install -y docker-registry skopeo (or scripts/setup.sh --test)';
const startDeadlineMs = 20_000;
const run = promisify(execFile);

export interface TestRegistry {
  /** 127.0.0.1:PORT, as used in image references. */
  host: string;
  /** Copies an OCI archive (or docker-archive) into the registry as REPOSITORY:TAG. */
  pushArchive(file: string, repositoryTag: string, format?: 'oci-archive' | 'docker-archive'): Promise<void>;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function registryAvailable(): boolean {
  return existsSync(registryBinary) && existsSync(skopeoBinary);
}

export async function startRegistry(): Promise<TestRegistry> {
  if (!registryAvailable()) throw new Error(`docker-registry or skopeo is not installed; install them with: ${registryInstallCommand}`);
  const dir = mkdtempSync(join(tmpdir(), 'kites-registry-'));
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const config = join(dir, 'config.yml');
  writeFileSync(config, ['version: 0.1', 'log:', '  level: info', 'storage:', '  filesystem:', `    rootdirectory: ${join(dir, 'data')}`, '  delete:', '    enabled: true', 'http:', `  addr: ${host}`, ''].join('\n'));
  const child = spawn(registryBinary, ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`docker-registry did not start within ${startDeadlineMs} ms:\n${log}`)), startDeadlineMs);
    const onData = (chunk: Buffer): void => {
      log += chunk.toString();
      if (log.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`docker-registry exited (${code}) before it listened:\n${log}`));
    });
  });
  return {
    host,
    async pushArchive(file, repositoryTag, format = 'oci-archive') {
      await run(skopeoBinary, ['copy', '--quiet', '--dest-tls-verify=false', `${format}:${file}`, `docker://${host}/${repositoryTag}`]);
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      running.delete(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
