// Scheduler benchmark, after upstream's scheduler_perf: the compiled `kites server` (node
// dist/cli/main.js; controllers off so the hand-made nodes never change), Node objects and pods
// created through the API, no agents. Throughput is pods/s from the first measured create to the
// last bind seen through a watch. The scheduler runs inside the server process, so the memory
// reported is the server's RSS (API server + watch caches + scheduler).
//   SchedulingBasic              5,000 nodes, 10,000 pods                          target ≥ 1,000 pods/s
//   TopologySpreading (hard)     5,000 nodes in 10 zones, 1,000 init + 2,000 pods  target ≥ 500 pods/s
//   SchedulingPodAntiAffinity    5,000 nodes, 1,000 init + 1,000 pods, one per node target ≥ 100 pods/s
//   Preemption                   500 nodes filled by 2,000 low-priority pods, 500 high-priority pods
// The first three share one server (each scenario's pods select only their own kind; nodes have room
// for all); preemption gets a fresh one. `--scale F` multiplies every count (e.g. 0.1 for a quick run).
// `npm run bench -- scheduler [--scale F] [--no-build] [--only NAME]` → bench/results/scheduler.json
// (BENCH_SERVER_NODE_ARGS passes node flags to the server, e.g. --cpu-prof.)
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Node, Pod, PodSpec } from 'kubernetes-types/core/v1.d.ts';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1.d.ts';
import { ApiClient, type ResourceClient } from '../src/client/index.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'cli', 'main.js');

interface Scenario {
  name: string;
  target?: number;
  nodes: number;
  initPods: number;
  pods: number;
  /** Extra node labels by index. */
  nodeLabels?: (i: number) => Record<string, string>;
  nodeCpu?: string;
  init?: (i: number) => PodTemplate;
  measured: (i: number) => PodTemplate;
}
interface PodTemplate {
  labels: Record<string, string>;
  spec: Partial<PodSpec>;
}
interface Result {
  scenario: string;
  nodes: number;
  initPods: number;
  pods: number;
  seconds: number;
  podsPerSecond: number;
  target: number | null;
  serverRssMb: number;
}

const small = { requests: { cpu: '100m', memory: '100Mi' } };
const container = (resources: object = small) => [{ name: 'c', image: 'registry.k8s.io/pause:3.9', resources }];

function scenarios(scale: number): Scenario[] {
  const n = (x: number) => Math.max(1, Math.round(x * scale));
  const zone = (i: number) => ({ 'topology.kubernetes.io/zone': `zone-${i % 10}` });
  const spread = (app: string): PodTemplate => ({
    labels: { bench: app },
    spec: { containers: container(), topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { bench: app } } }] },
  });
  const anti = (app: string): PodTemplate => ({
    labels: { bench: app },
    spec: { containers: container(), affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { bench: app } }, topologyKey: 'kubernetes.io/hostname' }] } } },
  });
  return [
    { name: 'SchedulingBasic', target: 1000, nodes: n(5000), initPods: 0, pods: n(10000), nodeLabels: zone, measured: () => ({ labels: { bench: 'basic' }, spec: { containers: container() } }) },
    { name: 'TopologySpreading', target: 500, nodes: n(5000), initPods: n(1000), pods: n(2000), nodeLabels: zone, init: () => spread('spread'), measured: () => spread('spread') },
    { name: 'SchedulingPodAntiAffinity', target: 100, nodes: n(5000), initPods: n(1000), pods: n(1000), nodeLabels: zone, init: () => anti('anti'), measured: () => anti('anti') },
    {
      name: 'Preemption',
      nodes: n(500),
      initPods: n(2000),
      pods: n(500),
      nodeCpu: '4',
      // Victims go at once (grace 0): with no agent, a graceful delete would never finish.
      init: () => ({ labels: { bench: 'low' }, spec: { priorityClassName: 'bench-low', terminationGracePeriodSeconds: 0, containers: container({ requests: { cpu: '1' } }) } }),
      measured: () => ({ labels: { bench: 'high' }, spec: { priorityClassName: 'bench-high', containers: container({ requests: { cpu: '1' } }) } }),
    },
  ];
}

// ---- server ----

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of children) c.kill('SIGKILL');
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface Server {
  child: ChildProcess;
  dataDir: string;
  client: ApiClient;
}

async function startServer(): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kites-bench-sched-'));
  const port = await freePort();
  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server.
  const nodeArgs = process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, entry, 'server', '--data-dir', dataDir, '--https-port', String(port), '--disable-controller-manager', '--disable-agent'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KITES_LOG_LEVEL: 'warn' } });
  children.add(child);
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-4000)));
  await new Promise<void>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`server not ready in 60 s\n${out}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (/ready on https:/.test(stdout)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}\n${out}`)));
  });
  const client = await ApiClient.fromKubeconfig(join(dataDir, 'kubeconfig.yaml'), { userAgent: 'bench-scheduler' });
  return { child, dataDir, client };
}

async function stopServer(s: Server): Promise<void> {
  s.client.close();
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  const t = setTimeout(() => s.child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(t);
  rmSync(s.dataDir, { recursive: true, force: true });
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/** Runs `fn(i)` for i < total with `concurrency` in flight. */
async function pool(total: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, async () => {
    while (next < total) await fn(next++);
  }));
}

async function createNodes(nodes: ResourceClient<Node>, prefix: string, s: Scenario): Promise<void> {
  const resources = { cpu: s.nodeCpu ?? '32', memory: '256Gi', pods: '110' };
  await pool(s.nodes, 64, async (i) => {
    const name = `${prefix}-${i}`;
    await nodes.create({ metadata: { name, labels: { 'kubernetes.io/hostname': name, ...s.nodeLabels?.(i) } } });
    await nodes.patchStatus(name, { status: { capacity: resources, allocatable: resources, conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: new Date().toISOString() }] } });
  });
}

/** Creates `count` pods and resolves when all are bound; returns seconds from the first create to the last bind. */
async function createAndWaitBound(pods: ResourceClient<Pod>, prefix: string, count: number, template: (i: number) => PodTemplate): Promise<number> {
  const rv = (await pods.list({ limit: 1 })).metadata?.resourceVersion;
  const stop = new AbortController();
  const bound = new Set<string>();
  let last = 0;
  let done!: () => void;
  const allBound = new Promise<void>((r) => (done = r));
  const watching = (async () => {
    for await (const ev of pods.watch({ resourceVersion: rv, signal: stop.signal })) {
      const p = ev.object as Pod;
      const name = p.metadata?.name ?? '';
      if (!name.startsWith(`${prefix}-`) || !p.spec?.nodeName || bound.has(name)) continue;
      bound.add(name);
      last = performance.now();
      if (bound.size >= count) done();
    }
  })().catch(() => undefined);
  const start = performance.now();
  await pool(count, 100, async (i) => {
    const t = template(i);
    await pods.create({ metadata: { name: `${prefix}-${i}`, labels: t.labels }, spec: t.spec as PodSpec });
  });
  process.stderr.write(`${prefix}: ${count} creates in ${((performance.now() - start) / 1000).toFixed(1)} s, ${bound.size} bound so far\n`);
  const capMs = 600_000;
  const timer = setTimeout(done, capMs);
  await allBound;
  clearTimeout(timer);
  stop.abort();
  await watching;
  if (bound.size < count) throw new Error(`${prefix}: only ${bound.size}/${count} pods bound within ${capMs / 1000} s`);
  return (last - start) / 1000;
}

async function runScenario(server: Server, s: Scenario): Promise<Result> {
  const nodes = server.client.forKind<Node>('', 'v1', 'Node');
  const pods = server.client.forKind<Pod>('', 'v1', 'Pod', 'default');
  const prefix = s.name.toLowerCase();
  const t0 = performance.now();
  await createNodes(nodes, `${prefix}-node`, s);
  process.stderr.write(`${s.name}: ${s.nodes} nodes in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  if (s.initPods && s.init) {
    const init = await createAndWaitBound(pods, `${prefix}-init`, s.initPods, s.init);
    process.stderr.write(`${s.name}: ${s.initPods} init pods bound in ${init.toFixed(1)} s\n`);
  }
  const seconds = await createAndWaitBound(pods, `${prefix}-pod`, s.pods, s.measured);
  const r: Result = { scenario: s.name, nodes: s.nodes, initPods: s.initPods, pods: s.pods, seconds: round(seconds), podsPerSecond: round(s.pods / seconds), target: s.target ?? null, serverRssMb: round(rssMb(server.child.pid!)) };
  process.stderr.write(`${s.name}: ${r.podsPerSecond} pods/s, server RSS ${r.serverRssMb} MB\n`);
  return r;
}

const round = (x: number) => Math.round(x * 10) / 10;

export async function run(args: string[]): Promise<void> {
  const arg = (name: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const scale = Number(arg('--scale') ?? '1');
  const only = arg('--only');
  if (!args.includes('--no-build')) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  const all = scenarios(scale).filter((s) => !only || s.name === only);
  const results: Result[] = [];
  const shared = all.filter((s) => s.name !== 'Preemption');
  if (shared.length) {
    const server = await startServer();
    try {
      for (const s of shared) results.push(await runScenario(server, s));
    } finally {
      await stopServer(server);
    }
  }
  const preemption = all.find((s) => s.name === 'Preemption');
  if (preemption) {
    const server = await startServer();
    try {
      const classes = server.client.forKind<PriorityClass>('scheduling.k8s.io', 'v1', 'PriorityClass');
      await classes.create({ metadata: { name: 'bench-low' }, value: 10 });
      await classes.create({ metadata: { name: 'bench-high' }, value: 1000 });
      results.push(await runScenario(server, preemption));
    } finally {
      await stopServer(server);
    }
  }
  console.log(`\nscheduler benchmark (scale ${scale}); RSS is the kites server process, which runs the scheduler\n`);
  console.log('scenario                     nodes   init   pods  seconds   pods/s  target  server RSS MB');
  for (const r of results) {
    const target = r.target === null ? '—' : `${r.podsPerSecond >= r.target ? '✓' : '✗'} ${r.target}`;
    console.log(`${r.scenario.padEnd(27)} ${String(r.nodes).padStart(6)} ${String(r.initPods).padStart(6)} ${String(r.pods).padStart(6)} ${String(r.seconds).padStart(8)} ${String(r.podsPerSecond).padStart(8)} ${target.padStart(7)} ${String(r.serverRssMb).padStart(14)}`);
  }
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results', 'scheduler.json'), JSON.stringify({ date: new Date().toISOString(), scale, node: process.version, results }, null, 2) + '\n');
}
