// Starts a real `kites server` process for end-to-end tests, on a free port in a fresh data dir, and
// runs the real kubectl against it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface KitesServer {
  url: string;
  port: number;
  dataDir: string;
  kubeconfig: string;
  process: ChildProcess;
  /** Runs kubectl (default /usr/bin/kubectl) with this server's kubeconfig; rejects on a non-zero exit. */
  kubectl(args: string[], options?: { input?: string; binary?: string }): Promise<string>;
  /** Like kubectl, but resolves with the exit code and both outputs instead of rejecting. */
  kubectlResult(args: string[], options?: { input?: string; binary?: string }): Promise<{ code: number; stdout: string; stderr: string }>;
  stop(): Promise<void>;
}

/**
 * With `dataDir`, the server reuses that directory (a restart) and leaves it in place on stop.
 * The server's own node agent stays off: it would program this machine's network; tests that need
 * real nodes start agents in network namespaces of their own.
 */
export async function startKitesServer(options: { datastoreEndpoint?: string; extraArgs?: string[]; dataDir?: string } = {}): Promise<KitesServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'kites-e2e-')));
  const args = ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'server', '--data-dir', dataDir, '--https-port', '0', '--disable-agent', ...(options.extraArgs ?? [])];
  if (options.datastoreEndpoint) args.push('--datastore-endpoint', options.datastoreEndpoint);
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KITES_LOG_LEVEL: 'warn' } });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`kites server did not become ready in 60 s\n${stderr}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /ready on https:\/\/127\.0\.0\.1:(\d+)/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kites server exited with ${code}\n${stderr}`));
    });
  });
  const kubeconfig = join(dataDir, 'kubeconfig.yaml');
  const kubectlResult = async (kargs: string[], opts: { input?: string; binary?: string } = {}) => {
    const proc = spawn(opts.binary ?? '/usr/bin/kubectl', ['--kubeconfig', kubeconfig, ...kargs], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()));
    proc.stdin.end(opts.input ?? '');
    const code = await new Promise<number>((resolve) => proc.once('close', (c) => resolve(c ?? 1)));
    return { code, stdout: out, stderr: err };
  };
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    dataDir,
    kubeconfig,
    process: child,
    kubectlResult,
    async kubectl(kargs, opts) {
      const r = await kubectlResult(kargs, opts);
      if (r.code !== 0) throw new Error(`kubectl ${kargs.join(' ')} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
      return r.stdout;
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => {
          const t = setTimeout(() => child.kill('SIGKILL'), 5000);
          child.once('exit', () => {
            clearTimeout(t);
            resolve(undefined);
          });
        });
      }
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

