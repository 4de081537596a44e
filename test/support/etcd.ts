// Starts real etcd (Debian's etcd-server) for tests and benchmarks: one or three members on 127.0.0.1,
// free ports, a temporary data directory. Readiness is etcd's own log line, never a sleep. Whatever
// happens, cleanup() (and, as a last resort, process exit) kills every etcd this module started.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

const etcdBinary = '/usr/bin/etcd';
export const etcdInstallCommand = 'sudo apt-get install -y etcd-server etcd-client';
/** etcd 3.4 logs this once the member has joined the cluster and serves clients (embed/serve.go). */
const readyLine = 'serving client traffic insecurely';
const startDeadlineMs = 30_000;

export interface EtcdMember {
  name: string;
  /** 127.0.0.1:PORT for clients. */
  endpoint: string;
  running: boolean;
}

export interface EtcdCluster {
  /** Client endpoints of every member, host:port. */
  endpoints: string[];
  members: EtcdMember[];
  /** Graceful stop (SIGTERM); resolves when the process has exited. */
  stop(index: number): Promise<void>;
  /** Crash (SIGKILL); resolves when the process has exited. */
  kill(index: number): Promise<void>;
  /** Starts a stopped or killed member again on its data; resolves when it serves clients. */
  restart(index: number): Promise<void>;
  /** Kills every member still running and removes the data directory. Safe to call twice. */
  cleanup(): Promise<void>;
}

export interface EtcdClusterOptions {
  members?: 1 | 3;
  /** Raft timing: short in tests so a lost leader is replaced in well under a second. */
  heartbeatMs?: number;
  electionMs?: number;
}

const everyProcess = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of everyProcess) child.kill('SIGKILL');
});

export function etcdAvailable(): boolean {
  return existsSync(etcdBinary);
}

export async function startEtcdCluster(options: EtcdClusterOptions = {}): Promise<EtcdCluster> {
  if (!etcdAvailable()) throw new Error(`etcd is not installed (${etcdBinary} is missing); install it with: ${etcdInstallCommand}`);
  const size = options.members ?? 1;
  const dir = mkdtempSync(join(tmpdir(), 'kites-etcd-'));
  const ports = await freePorts(size * 2);
  const token = `kites-test-${randomBytes(4).toString('hex')}`;
  const specs = Array.from({ length: size }, (_, i) => ({
    name: `m${i}`,
    clientURL: `http://127.0.0.1:${ports[2 * i]}`,
    peerURL: `http://127.0.0.1:${ports[2 * i + 1]}`,
  }));
  const initialCluster = specs.map((s) => `${s.name}=${s.peerURL}`).join(',');
  const members: EtcdMember[] = specs.map((s) => ({ name: s.name, endpoint: s.clientURL.slice('http://'.length), running: false }));
  const processes: (ChildProcess | undefined)[] = new Array(size).fill(undefined);

  const args = (i: number): string[] => {
    const s = specs[i]!;
    return [
      `--name=${s.name}`,
      `--data-dir=${join(dir, s.name)}`,
      `--listen-client-urls=${s.clientURL}`,
      `--advertise-client-urls=${s.clientURL}`,
      `--listen-peer-urls=${s.peerURL}`,
      `--initial-advertise-peer-urls=${s.peerURL}`,
      `--initial-cluster=${initialCluster}`,
      `--initial-cluster-token=${token}`,
      `--heartbeat-interval=${options.heartbeatMs ?? 25}`,
      `--election-timeout=${options.electionMs ?? 250}`,
      // Room for a value of MAX_VALUE_BYTES plus its key and the request's framing (etcd's default
      // limit is exactly 1.5 MiB, so a value at the contract's limit would not fit).
      `--max-request-bytes=${2 * 1024 * 1024}`,
      '--logger=zap',
      '--log-outputs=stderr',
    ];
  };

  const start = async (i: number): Promise<void> => {
    const child = spawn(etcdBinary, args(i), { stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
    everyProcess.add(child);
    processes[i] = child;
    child.once('exit', () => {
      everyProcess.delete(child);
      members[i]!.running = false;
    });
    await waitReady(child, join(dir, `${specs[i]!.name}.log`));
    members[i]!.running = true;
  };

  const signal = async (i: number, sig: NodeJS.Signals): Promise<void> => {
    const child = processes[i];
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(sig);
    await exited;
  };

  let cleaned = false;
  const cleanup = async (): Promise<void> => {
    if (cleaned) return;
    cleaned = true;
    await Promise.all(processes.map((_, i) => signal(i, 'SIGKILL')));
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    // Members of a new cluster wait for each other, so they must start together.
    await Promise.all(specs.map((_, i) => start(i)));
  } catch (err) {
    await cleanup();
    throw err;
  }
  return {
    endpoints: members.map((m) => m.endpoint),
    members,
    stop: (i) => signal(i, 'SIGTERM'),
    kill: (i) => signal(i, 'SIGKILL'),
    restart: async (i) => {
      await signal(i, 'SIGKILL');
      await start(i);
    },
    cleanup,
  };
}

/** Resolves when etcd logs readiness; rejects (with the log's tail) if it exits or takes too long first. */
function waitReady(child: ChildProcess, logPath: string): Promise<void> {
  const log = createWriteStream(logPath, { flags: 'a' });
  child.stderr!.pipe(log);
  let tail = '';
  return new Promise<void>((resolve, reject) => {
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`etcd ${why}; last log lines:\n${tail.split('\n').slice(-8).join('\n')}`));
    };
    // Only a guard against a member that never becomes ready; readiness itself is the log line.
    const timer = setTimeout(() => fail(`was not ready within ${startDeadlineMs} ms`), startDeadlineMs);
    const onData = (chunk: Buffer): void => {
      tail = (tail + chunk.toString()).slice(-8192);
      if (tail.includes(readyLine)) {
        clearTimeout(timer);
        child.stderr!.off('data', onData);
        child.off('exit', onExit);
        resolve();
      }
    };
    const onExit = (code: number | null, sig: string | null): void => fail(`exited (code ${code}, signal ${sig}) before it was ready`);
    child.stderr!.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Ports the kernel reports free on 127.0.0.1 (all held at once, so they are distinct). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}
