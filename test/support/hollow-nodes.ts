// Hollow nodes for end-to-end tests: a real `kites agent --runtime fake --hollow-nodes N` process
// joined to a test server with its node token and CA.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KitesServer } from './kites-server.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface HollowNodes {
  names: string[];
  process: ChildProcess;
  /** Stops the agent (SIGKILL: its nodes stop renewing at once, as a crashed machine would). */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `nodeIP` gives every node that InternalIP instead of 10.41.1.x: 127.0.0.1 lets the API server reach
 * their kubelet port (logs, exec), which the agent serves on a free port.
 */
export async function startHollowNodes(server: KitesServer, options: { prefix: string; count: number; labels?: string; capacity?: string; nodeIP?: string }): Promise<HollowNodes> {
  const dataDir = await mkdtemp(join(tmpdir(), 'kites-hollow-'));
  const args = [
    '--import', 'tsx', join(root, 'src/cli/main.ts'), 'agent',
    '--server', server.url,
    '--token-file', join(server.dataDir, 'node-token'),
    '--ca-file', join(server.dataDir, 'tls', 'ca.crt'),
    '--node-name', options.prefix,
    '--data-dir', dataDir,
    '--runtime', 'fake',
    '--hollow-nodes', String(options.count),
  ];
  if (options.labels) args.push('--node-labels', options.labels);
  if (options.capacity) args.push('--capacity', options.capacity);
  if (options.nodeIP) args.push('--node-ip', options.nodeIP);
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, KITES_LOG_LEVEL: 'warn' } });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    names: Array.from({ length: options.count }, (_, i) => `${options.prefix}-${i}`),
    process: child,
    kill: () => end('SIGKILL'),
    async stop() {
      await end('SIGTERM');
      await rm(dataDir, { recursive: true, force: true });
      if (child.exitCode && child.exitCode !== 0) throw new Error(`kites agent exited ${child.exitCode}: ${stderr}`);
    },
  };
}
