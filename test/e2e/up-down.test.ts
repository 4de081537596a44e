// `kites up` / `kites status` / `kites down` as a newcomer uses them, with the server's own runc node,
// all inside a network namespace this test creates (entered with nsenter, which keeps the host's /sys
// and so the cgroup hierarchy, unlike `ip netns exec`). After `kites down` nothing of the node is
// left: no shim or runc process, no mount under the data dir, no pod netns, no bridge, service dummy
// or kites nftables table in the namespace — but the data stays until `--purge`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../../src/kubelet/cni/command.ts';
import { rootSkipReason } from '../../src/kubelet/cni/testing.ts';
import { mountsUnder } from '../../src/kubelet/runtime/runc/mounts.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const apiImage = join(root, 'examples/images/out/api-v1.3.tar');
const netns = `kites-test-${randomBytes(4).toString('hex')}`;
let dir = '';
let dataDir = '';

async function skipReason(): Promise<string | false> {
  const base = await rootSkipReason(['ip', 'nft', 'unshare', 'nsenter', 'runc', 'kubectl', 'busybox']);
  if (base) return base;
  if (!existsSync('/usr/lib/cni/bridge') && !existsSync('/opt/cni/bin/bridge')) return 'needs the CNI plugins (apt-get install containernetworking-plugins)';
  return false;
}
const skip = await skipReason();

/** Runs argv inside the test's network namespace, with the test's HOME (so ~/.kube/config is its own). */
function inNetns(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('nsenter', [`--net=/var/run/netns/${netns}`, ...argv], {
      cwd: root, env: { ...process.env, HOME: join(dir, 'home'), KITES_LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

const kites = (...args: string[]) => inNetns([process.execPath, '--import', 'tsx', join(root, 'src/cli/main.ts'), ...args]);
const kubectl = (...args: string[]) => inNetns(['kubectl', ...args], { KUBECONFIG: join(dataDir, 'kubeconfig.yaml') });

async function ok(p: Promise<{ code: number; stdout: string; stderr: string }>): Promise<string> {
  const r = await p;
  assert.equal(r.code, 0, `exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

async function eventually<T>(what: string, fn: () => Promise<T | undefined>, ms: number): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`${what}: not within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Shim and runc processes of this data dir (their command lines name its agent dir). */
async function runtimeProcesses(): Promise<string[]> {
  const found: string[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).replaceAll('\0', ' ');
    if (cmdline.includes(join(dataDir, 'agent', 'nodes'))) found.push(`${pid}: ${cmdline.slice(0, 120)}`);
  }
  return found;
}

before(async () => {
  if (skip) return;
  dir = await mkdtemp(join(tmpdir(), 'kites-up-'));
  dataDir = join(dir, 'server');
  await mkdir(join(dir, 'home'));
  await run(['ip', 'netns', 'add', netns]);
  await run(['ip', 'netns', 'exec', netns, 'ip', 'link', 'set', 'lo', 'up']);
  if (!existsSync(apiImage)) await ok(inNetns([process.execPath, '--import', 'tsx', join(root, 'examples/images/build.ts')]));
});

after(async () => {
  if (skip) return;
  // Whatever happened above, leave nothing running or mounted behind.
  await kites('down', '--data-dir', dataDir);
  await run(['ip', 'netns', 'del', netns]);
  if ((await mountsUnder(dir)).length === 0) await rm(dir, { recursive: true, force: true });
});

test('kites up runs a deployment on its own node; kites down removes every container and all network state, keeping the data', { skip, timeout: 120_000 }, async () => {
  await ok(kites('image', 'import', apiImage, '--data-dir', join(dataDir, 'agent')));
  const port = String(20000 + Math.floor(Math.random() * 20000));
  const up = await ok(kites('up', '--data-dir', dataDir, '--https-port', port));
  assert.match(up, /✔ a node is Ready/);
  assert.ok(existsSync(join(dir, 'home', '.kube', 'config')), 'the kubeconfig is merged into $HOME/.kube/config');

  await ok(kubectl('create', 'deployment', 'api', '--image=atseashop/api:v1.3', '--replicas=2'));
  const ips = await eventually('2 Running pods', async () => {
    const pods = JSON.parse(await ok(kubectl('get', 'pods', '-l', 'app=api', '-o', 'json'))) as { items: { status?: { phase?: string; podIP?: string } }[] };
    const running = pods.items.filter((p) => p.status?.phase === 'Running' && p.status.podIP);
    return running.length === 2 ? running.map((p) => p.status!.podIP!) : undefined;
  }, 45_000);
  const page = await ok(inNetns(['busybox', 'wget', '-qO-', `http://${ips[0]}/`]));
  assert.match(page, /atseashop api v1\.3/);

  assert.match(await ok(kites('status', '--data-dir', dataDir)), /kites server: running .* ready/);
  assert.match(await ok(kites('up', '--data-dir', dataDir, '--https-port', port)), /already running/, 'kites up again is idempotent');
  assert.ok((await runtimeProcesses()).length >= 2, 'the pods run under shims');

  const down = await ok(kites('down', '--data-dir', dataDir));
  assert.match(down, /node teardown: removed .*containers/);
  assert.deepEqual(await runtimeProcesses(), [], 'no shim or runc process of the data dir');
  assert.deepEqual(await mountsUnder(dataDir), [], 'no overlay or namespace mount under the data dir');
  assert.deepEqual((await run(['ip', 'netns', 'list'])).stdout.split('\n').filter((l) => l.includes(dataDir)), []);
  const links = await ok(inNetns(['ip', '-o', 'link']));
  assert.doesNotMatch(links, /kites0|kites-svc|veth/, 'no bridge, service dummy or veth in the namespace');
  assert.doesNotMatch(await ok(inNetns(['nft', 'list', 'tables'])), /kites/, 'no kites nftables table');
  assert.ok(existsSync(join(dataDir, 'db')), 'the data is kept');
  assert.match(await kites('status', '--data-dir', dataDir).then((r) => r.stdout), /not running/);

  assert.match(await ok(kites('down', '--data-dir', dataDir)), /kites is not running/, 'kites down again is harmless');
  await ok(kites('down', '--data-dir', dataDir, '--purge'));
  assert.ok(!existsSync(dataDir), '--purge removes the data dir');
});
