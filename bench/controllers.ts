// Controllers benchmark: the compiled `kites server` (API server, controllers and scheduler in one
// process) and one compiled `kites agent --runtime fake --hollow-nodes 100`, both on 127.0.0.1.
//   create   a 1,000-replica Deployment → 1,000 Ready pods (seen through a pod watch)
//   rollout  a new image (maxSurge 25%, maxUnavailable 25%) → the new ReplicaSet's 1,000 pods Ready
//            and no pod of the old one left
// pods/s per phase (pods made Ready ÷ seconds from the write to the last pod), the server's CPU
// (user+sys from /proc/PID/stat) during each phase, its RSS (VmRSS, peak VmHWM) and the agent's.
// Target: ≥ 500 pods/s for each phase. Each phase gives up after 5 minutes and reports what it reached.
// `npm run bench -- controllers [--no-build] [--replicas N] [--nodes N]` → bench/results/controllers.json
// BENCH_SERVER_NODE_ARGS / BENCH_AGENT_NODE_ARGS pass node flags (e.g. --cpu-prof --cpu-prof-dir=DIR).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Deployment } from 'kubernetes-types/apps/v1.d.ts';
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import { ApiClient, type ResourceClient } from '../src/client/index.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'cli', 'main.js');
const phaseCapMs = 5 * 60_000;
const targetPodsPerSecond = 500;
const clockTicks = 100; // USER_HZ: /proc/PID/stat counts CPU time in these on Linux

// ---- processes ----

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

function launch(args: string[], nodeArgsEnv: string | undefined): { child: ChildProcess; output: () => string } {
  const nodeArgs = nodeArgsEnv?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, entry, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KITES_LOG_LEVEL: 'warn' } });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let out = '';
  const keep = (d: Buffer) => (out = (out + d.toString()).slice(-4000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { child, output: () => out };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  // A profiled process writes its .cpuprofile on the way out; give it time.
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const { child, output } = launch(['server', '--data-dir', dataDir, '--https-port', String(port), '--disable-agent'], process.env.BENCH_SERVER_NODE_ARGS);
  const deadline = performance.now() + 60_000;
  while (!/ready on https:/.test(output())) {
    if (child.exitCode !== null) throw new Error(`kites server exited ${child.exitCode}\n${output()}`);
    if (performance.now() > deadline) throw new Error(`kites server not ready in 60 s\n${output()}`);
    await sleep(20);
  }
  return { child, url: `https://127.0.0.1:${port}` };
}

function startAgent(serverDir: string, url: string, dataDir: string, nodes: number): ChildProcess {
  const args = ['agent', '--server', url, '--token-file', join(serverDir, 'node-token'), '--ca-file', join(serverDir, 'tls', 'ca.crt'), '--node-name', 'hollow', '--data-dir', dataDir, '--runtime', 'fake', '--hollow-nodes', String(nodes)];
  return launch(args, process.env.BENCH_AGENT_NODE_ARGS).child;
}

// ---- /proc ----

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

function memoryMb(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rssMb: round(kb('VmRSS') / 1024), peakMb: round(kb('VmHWM') / 1024) };
}

/** kites_apiserver_request_total summed by "VERB resource[/subresource]". */
async function requestCounts(client: ApiClient): Promise<Map<string, number>> {
  const res = await client.http.transport({ method: 'GET', path: '/metrics', headers: {} });
  let text = '';
  for await (const chunk of res.body) text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
  const out = new Map<string, number>();
  for (const [, labelText, value] of text.matchAll(/^kites_apiserver_request_total\{(.*)\} (\d+)$/gm)) {
    const labels = Object.fromEntries([...labelText!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    const key = `${labels.verb} ${labels.resource}${labels.subresource ? `/${labels.subresource}` : ''}`;
    out.set(key, (out.get(key) ?? 0) + Number(value));
  }
  return out;
}

/** Requests made between two scrapes, most frequent first. */
function requestsBetween(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  const diff = [...after].map(([k, v]) => [k, v - (before.get(k) ?? 0)] as const).filter(([, v]) => v > 0);
  return Object.fromEntries(diff.sort((a, b) => b[1] - a[1]));
}

// ---- pods seen through one watch ----

/** When a pod was first seen, first seen bound to a node and first seen Ready (performance.now()). */
interface TrackedPod {
  hash: string;
  ready: boolean;
  createdAt: number;
  boundAt?: number;
  readyAt?: number;
}

/** Pods of the benchmark's Deployment by name: which ReplicaSet (pod-template-hash) and whether Ready. */
class PodTracker {
  readonly pods = new Map<string, TrackedPod>();
  lastChange = performance.now();
  /** Why the watch stopped early, if it did. */
  error: unknown;
  #stop = new AbortController();
  #done: Promise<void> = Promise.resolve();

  constructor(private readonly client: ResourceClient<Pod>, private readonly selector: string) {}

  async start(): Promise<void> {
    const list = await this.client.list({ labelSelector: this.selector });
    for (const pod of list.items) this.#apply('ADDED', pod);
    // Kept, not thrown: a rejection nobody awaits yet would end the process before the cleanup.
    this.#done = this.#follow(list.metadata?.resourceVersion).catch((err: unknown) => void (this.error = err));
  }

  /** Follows the watch from `rv`, re-opening it when the server ends it. */
  async #follow(rv: string | undefined): Promise<void> {
    while (!this.#stop.signal.aborted) {
      try {
        for await (const ev of this.client.watch({ labelSelector: this.selector, resourceVersion: rv, allowWatchBookmarks: true, signal: this.#stop.signal })) {
          if (ev.type === 'ERROR') throw new Error(`pod watch: ${ev.object.message}`);
          rv = ev.object.metadata?.resourceVersion ?? rv;
          if (ev.type !== 'BOOKMARK') this.#apply(ev.type, ev.object);
        }
      } catch (err) {
        if (this.#stop.signal.aborted) return;
        throw err;
      }
    }
  }

  #apply(type: 'ADDED' | 'MODIFIED' | 'DELETED', pod: Pod): void {
    const name = pod.metadata!.name!;
    this.lastChange = performance.now();
    if (type === 'DELETED') {
      this.pods.delete(name);
      return;
    }
    const ready = !pod.metadata?.deletionTimestamp && (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
    const now = this.lastChange;
    const seen = this.pods.get(name) ?? { hash: pod.metadata?.labels?.['pod-template-hash'] ?? '', ready, createdAt: now };
    seen.ready = ready;
    if (pod.spec?.nodeName) seen.boundAt ??= now;
    if (ready) seen.readyAt ??= now;
    this.pods.set(name, seen);
  }

  /** Ready pods and all pods (terminating included) per pod-template-hash. */
  counts(): Map<string, { ready: number; total: number }> {
    const out = new Map<string, { ready: number; total: number }>();
    for (const p of this.pods.values()) {
      const c = out.get(p.hash) ?? { ready: 0, total: 0 };
      c.total++;
      if (p.ready) c.ready++;
      out.set(p.hash, c);
    }
    return out;
  }

  /** Seconds after `start` by which half and all of one ReplicaSet's pods were created, bound and Ready. */
  milestones(hash: string, start: number): Milestones {
    const pods = [...this.pods.values()].filter((p) => p.hash === hash);
    const at = (pick: (p: TrackedPod) => number | undefined): [number, number] => {
      const times = pods.map(pick).filter((t): t is number => t !== undefined).sort((a, b) => a - b);
      const q = (f: number) => round(((times[Math.ceil(f * times.length) - 1] ?? NaN) - start) / 1000);
      return [q(0.5), q(1)];
    };
    return { created: at((p) => p.createdAt), bound: at((p) => p.boundAt), ready: at((p) => p.readyAt) };
  }

  async close(): Promise<void> {
    this.#stop.abort();
    await this.#done;
  }
}

// ---- phases ----

/** [half, all] in seconds from the phase's write. */
interface Milestones {
  created: [number, number];
  bound: [number, number];
  ready: [number, number];
}

interface Phase {
  phase: string;
  /** 1-minute load average when the phase began: other work on the machine shares its CPUs. */
  loadAverage: number;
  milestones: Milestones;
  /** API requests by verb and resource during the phase (everyone's: controllers, scheduler, agent, this watch). */
  requests: Record<string, number>;
  /** Pods of the target ReplicaSet that became Ready in the phase. */
  podsReady: number;
  complete: boolean;
  seconds: number;
  podsPerSecond: number;
  serverCpuSeconds: number;
  agentCpuSeconds: number;
  server: { rssMb: number; peakMb: number };
  agent: { rssMb: number; peakMb: number };
}

interface Procs {
  server: number;
  agent: number;
  client: ApiClient;
}

/**
 * Runs `write`, then waits (polling the tracker) until `done` says so or the cap passes; the phase
 * ends at the last pod change seen, so polling granularity does not count.
 */
async function phase(name: string, procs: Procs, tracker: PodTracker, write: () => Promise<void>, progress: () => { ready: number; done: boolean; hash: string }): Promise<Phase> {
  const loadAverage = round(loadavg()[0]!);
  const requests0 = await requestCounts(procs.client);
  const cpu0 = { server: cpuSeconds(procs.server), agent: cpuSeconds(procs.agent) };
  const start = performance.now();
  await write();
  let state = progress();
  let lastLog = start;
  while (!state.done && performance.now() - start < phaseCapMs) {
    await sleep(20);
    if (tracker.error) throw tracker.error;
    state = progress();
    if (performance.now() - lastLog > 5_000) {
      lastLog = performance.now();
      process.stderr.write(`  ${name}: ${state.ready} ready after ${((lastLog - start) / 1000).toFixed(0)} s\n`);
    }
  }
  const end = state.done ? tracker.lastChange : performance.now();
  const seconds = (end - start) / 1000;
  const cpu1 = { server: cpuSeconds(procs.server), agent: cpuSeconds(procs.agent) };
  const result: Phase = {
    phase: name,
    loadAverage,
    milestones: tracker.milestones(state.hash, start),
    podsReady: state.ready,
    complete: state.done,
    seconds: round(seconds),
    podsPerSecond: round(state.ready / seconds),
    serverCpuSeconds: round(cpu1.server - cpu0.server),
    agentCpuSeconds: round(cpu1.agent - cpu0.agent),
    requests: requestsBetween(requests0, await requestCounts(procs.client)),
    server: memoryMb(procs.server),
    agent: memoryMb(procs.agent),
  };
  const m = result.milestones;
  process.stderr.write(`  ${name}: ${result.podsReady} pods ready in ${result.seconds} s (${result.podsPerSecond}/s)${state.done ? '' : ' — gave up'}; half/all created ${m.created}, bound ${m.bound}, ready ${m.ready} s\n`);
  return result;
}

function deployment(replicas: number, image: string): Deployment {
  const labels = { app: 'bench' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'bench', labels },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: { metadata: { labels }, spec: { terminationGracePeriodSeconds: 30, containers: [{ name: 'app', image }] } },
    },
  };
}

async function waitNodesReady(nodes: ResourceClient<Node>, count: number): Promise<void> {
  const deadline = performance.now() + 120_000;
  for (;;) {
    const list = await nodes.list();
    const ready = list.items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
    if (ready >= count) return;
    if (performance.now() > deadline) throw new Error(`only ${ready}/${count} hollow nodes Ready in 120 s`);
    await sleep(250);
  }
}

async function measure(client: ApiClient, procs: Procs, replicas: number): Promise<Phase[]> {
  const deployments = client.forKind<Deployment>('apps', 'v1', 'Deployment', 'default');
  const tracker = new PodTracker(client.forKind<Pod>('', 'v1', 'Pod', 'default'), 'app=bench');
  await tracker.start();
  try {
    let firstHash = '';
    const created = await phase('create', procs, tracker, async () => void (await deployments.create(deployment(replicas, 'registry.k8s.io/pause:3.9'))), () => {
      const [hash, c] = [...tracker.counts()].sort((a, b) => b[1].ready - a[1].ready)[0] ?? ['', { ready: 0 }];
      firstHash = hash;
      return { ready: c.ready, done: c.ready >= replicas, hash };
    });
    const rollout = await phase('rollout', procs, tracker, async () => void (await deployments.patch('bench', { spec: { template: { spec: { containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] } } } }, 'strategic')), () => {
      const counts = tracker.counts();
      const [hash, fresh] = [...counts].filter(([h]) => h !== firstHash).sort((a, b) => b[1].ready - a[1].ready)[0] ?? ['', { ready: 0 }];
      return { ready: fresh.ready, done: fresh.ready >= replicas && !counts.has(firstHash), hash };
    });
    return [created, rollout];
  } finally {
    await tracker.close();
  }
}

// ---- run ----

export async function run(args: string[]): Promise<void> {
  const arg = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const replicas = arg('--replicas', 1000);
  const nodeCount = arg('--nodes', 100);
  if (!args.includes('--no-build')) execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  const serverDir = mkdtempSync(join(tmpdir(), 'kites-bench-ctl-server-'));
  const agentDir = mkdtempSync(join(tmpdir(), 'kites-bench-ctl-agent-'));
  let server: ChildProcess | undefined;
  let agent: ChildProcess | undefined;
  let client: ApiClient | undefined;
  try {
    const started = await startServer(serverDir);
    server = started.child;
    client = await ApiClient.fromKubeconfig(join(serverDir, 'kubeconfig.yaml'), { userAgent: 'bench-controllers' });
    agent = startAgent(serverDir, started.url, agentDir, nodeCount);
    await waitNodesReady(client.forKind<Node>('', 'v1', 'Node'), nodeCount);
    process.stderr.write(`${nodeCount} hollow nodes Ready; agent RSS ${memoryMb(agent.pid!).rssMb} MB, server RSS ${memoryMb(server.pid!).rssMb} MB\n`);
    const idle = { server: memoryMb(server.pid!), agent: memoryMb(agent.pid!) };
    const phases = await measure(client, { server: server.pid!, agent: agent.pid!, client }, replicas);
    report({ replicas, nodes: nodeCount, idle, phases });
  } finally {
    client?.close();
    if (agent) await stop(agent);
    if (server) await stop(server);
    rmSync(serverDir, { recursive: true, force: true });
    rmSync(agentDir, { recursive: true, force: true });
  }
}

function report(results: { replicas: number; nodes: number; idle: { server: object; agent: object }; phases: Phase[] }): void {
  console.log(`\ncontrollers benchmark: ${results.replicas}-replica Deployment on ${results.nodes} hollow nodes (server = API server + controllers + scheduler)\n`);
  const header = ['phase', 'pods ready', 'seconds', 'pods/s', 'target', 'server CPU s', 'server RSS MB', 'server peak MB', 'agent CPU s', 'agent RSS MB', 'agent peak MB'];
  const rows = results.phases.map((p) => [
    p.complete ? p.phase : `${p.phase} (gave up)`,
    String(p.podsReady),
    String(p.seconds),
    String(p.podsPerSecond),
    `${p.complete && p.podsPerSecond >= targetPodsPerSecond ? '✓' : '✗'} ${targetPodsPerSecond}`,
    String(p.serverCpuSeconds),
    String(p.server.rssMb),
    String(p.server.peakMb),
    String(p.agentCpuSeconds),
    String(p.agent.rssMb),
    String(p.agent.peakMb),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  for (const p of results.phases) {
    const top = Object.entries(p.requests).slice(0, 8).map(([k, v]) => `${k} ${v}`).join(', ');
    const total = Object.values(p.requests).reduce((a, b) => a + b, 0);
    console.log(`\n${p.phase}: load average ${p.loadAverage}; ${total} API requests (${round(total / Math.max(1, p.podsReady))} per pod): ${top}`);
    console.log(`  half/all of the pods created ${p.milestones.created.join('/')} s, bound ${p.milestones.bound.join('/')} s, Ready ${p.milestones.ready.join('/')} s`);
  }
  const file = join(root, 'bench', 'results', 'controllers.json');
  mkdirSync(dirname(file), { recursive: true });
  const environment = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model };
  writeFileSync(file, `${JSON.stringify({ measuredAt: new Date().toISOString(), environment, targetPodsPerSecond, ...results }, null, 2)}\n`);
  console.log(`\nwrote ${file}`);
}

const round = (x: number) => Math.round(x * 10) / 10;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
