// API server benchmark: the compiled `kites server` (node dist/cli/main.js, as bin/kites runs it; a
// tsx-run server would carry the compiler's memory and start time) on SQLite, then on a fresh
// one-member etcd, driven over HTTPS with the admin client certificate from its kubeconfig.
// Measures create/get/update/list latency and throughput at 1, 10 and 100 clients, watch fan-out to
// 100 watchers, idle RSS and time to /readyz. Every phase is bounded by a count and a time cap; every
// process started here is killed at the end. Traffic goes to 127.0.0.1 only.
// `npm run bench -- api [--no-build]`: builds dist/ first unless told not to.

import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import https from 'node:https';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { startEtcdCluster } from '../test/support/etcd.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'cli', 'main.js');
const levels = [1, 10, 100] as const;
type Level = (typeof levels)[number];
const opsPerLevel: Record<Level, number> = { 1: 1_000, 10: 3_000, 100: 5_000 };
const listsPerLevel: Record<Level, number> = { 1: 30, 10: 60, 100: 200 };
const listSize = 1_000;
const phaseCapMs = 5_000;
const watchers = 100;
const watchLatencyChanges = 100;
const watchFanoutChanges = 2_000;
const watchFanoutWriters = 10;
const watchCapMs = 30_000;
const settleMs = 2_000;
const pad = 'x'.repeat(200);

const targets = { p99Ms: 25, sqliteWritesPerSecond: 3_000, watchEventsPerSecond: 50_000, idleRssMb: 80, readyMs: 1_000 };

interface Stats {
  ops: number;
  perSecond: number;
  p50: number;
  p99: number;
}
type Datastore = 'sqlite' | 'etcd';
interface Results {
  ops: Record<string, Stats>;
  watch: { watchers: number; changes: number; delivered: number; eventsPerSecond: number; latencyP50: number; latencyP99: number; loadedLatencyP50: number; loadedLatencyP99: number };
  readyFirstMs: number;
  readySecondMs: number;
  idleRssFirstMb: number;
  idleRssSecondMb: number;
  rssAfterLoadMb: number;
}

// ---- processes ----

const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

interface Running {
  child: ChildProcess;
  port: number;
  readyMs: number;
}

/** Starts the compiled server on a port chosen here, so /readyz can be polled from the first moment. */
async function startServer(dataDir: string, endpoint: string | undefined): Promise<Running> {
  const port = await freePort();
  const args = [entry, 'server', '--data-dir', dataDir, '--https-port', String(port), '--disable-agent'];
  if (endpoint) args.push('--datastore-endpoint', endpoint);
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, KITES_LOG_LEVEL: 'warn' } });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4096)));
  const probe = new https.Agent({ keepAlive: false, rejectUnauthorized: false });
  while (performance.now() - started < 30_000) {
    if (child.exitCode !== null) throw new Error(`kites server exited with ${child.exitCode}\n${stderr}`);
    const status = await new Promise<number>((resolve) => {
      const req = https.get({ host: '127.0.0.1', port, path: '/readyz', agent: probe }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.once('error', () => resolve(0));
    });
    if (status === 200) return { child, port, readyMs: performance.now() - started };
    await sleep(5);
  }
  child.kill('SIGKILL');
  throw new Error(`kites server was not ready in 30 s\n${stderr}`);
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

// ---- HTTP client ----

interface Credentials {
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

function credentials(kubeconfigPath: string): Credentials {
  type Kubeconfig = { clusters: { cluster: Record<string, string> }[]; users: { user: Record<string, string> }[] };
  const config = yaml.load(readFileSync(kubeconfigPath, 'utf8')) as Kubeconfig;
  const data = (field: string | undefined) => Buffer.from(field ?? '', 'base64');
  return {
    ca: data(config.clusters[0]?.cluster['certificate-authority-data']),
    cert: data(config.users[0]?.user['client-certificate-data']),
    key: data(config.users[0]?.user['client-key-data']),
  };
}

class Client {
  readonly agent: https.Agent;

  constructor(
    private readonly port: number,
    creds: Credentials,
    maxSockets: number,
  ) {
    this.agent = new https.Agent({ keepAlive: true, maxSockets, ...creds });
  }

  async request(method: string, path: string, body?: unknown, expect = [200, 201]): Promise<string> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = https.request({ host: '127.0.0.1', port: this.port, method, path, agent: this.agent, headers: payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {} }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if (expect.includes(res.statusCode ?? 0)) resolve(text);
          else reject(new Error(`${method} ${path}: ${res.statusCode} ${text.slice(0, 300)}`));
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Opens a watch; resolves once the response headers arrived, with a handle to stop it. */
  watch(path: string, onLine: (line: string, at: number) => void): Promise<() => void> {
    return new Promise((resolve, reject) => {
      const req = https.get({ host: '127.0.0.1', port: this.port, path, agent: this.agent }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`watch ${path}: ${res.statusCode}`));
        let rest = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          const at = performance.now();
          const lines = (rest + chunk).split('\n');
          rest = lines.pop()!;
          for (const line of lines) onLine(line, at);
        });
        res.on('error', () => undefined);
        resolve(() => req.destroy());
      });
      req.on('error', reject);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

// ---- measurements ----

async function measure(total: number, concurrency: number, op: (i: number) => Promise<void>): Promise<Stats> {
  const latencies: number[] = [];
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total && performance.now() - start < phaseCapMs) {
        const i = next++;
        const t = performance.now();
        await op(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return { ops: latencies.length, perSecond: latencies.length / seconds, ...percentiles(latencies) };
}

function percentiles(samples: number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

const configMap = (namespace: string, name: string, data: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data: { ...data, pad } });
const base = (ns: string) => `/api/v1/namespaces/${ns}/configmaps`;

async function createNamespace(client: Client, name: string): Promise<void> {
  await client.request('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
}

/** create, get and update of single ConfigMaps at each concurrency level. */
async function measureObjects(client: Client, out: Record<string, Stats>, label: string): Promise<void> {
  await createNamespace(client, 'bench');
  for (const n of levels) {
    const rvs: string[] = [];
    const name = (i: number) => `c${n}-${i}`;
    out[`create c=${n}`] = await measure(opsPerLevel[n], n, async (i) => {
      const created = JSON.parse(await client.request('POST', base('bench'), configMap('bench', name(i)))) as { metadata: { resourceVersion: string } };
      rvs[i] = created.metadata.resourceVersion;
    });
    const made = rvs.length;
    out[`get c=${n}`] = await measure(opsPerLevel[n], n, async (i) => void (await client.request('GET', `${base('bench')}/${name((i * 7919) % made)}`)));
    // Each update goes to its own object at its known resourceVersion, so none conflicts.
    out[`update c=${n}`] = await measure(made, n, async (i) => {
      const body = configMap('bench', name(i), { v: '2' }) as ReturnType<typeof configMap> & { metadata: { resourceVersion?: string } };
      body.metadata.resourceVersion = rvs[i];
      await client.request('PUT', `${base('bench')}/${name(i)}`, body);
    });
    console.error(`  ${label} c=${n}: ${['create', 'get', 'update'].map((op) => `${op} ${out[`${op} c=${n}`]!.perSecond.toFixed(0)}/s`).join(', ')}`);
  }
}

async function measureLists(client: Client, out: Record<string, Stats>, label: string): Promise<void> {
  await createNamespace(client, 'bench-list');
  await measure(listSize, 50, async (i) => void (await client.request('POST', base('bench-list'), configMap('bench-list', `l-${i}`))));
  for (const n of levels) {
    out[`list ${listSize} c=${n}`] = await measure(listsPerLevel[n], n, async () => {
      const body = await client.request('GET', base('bench-list'));
      if (!body.includes(`"l-${listSize - 1}"`)) throw new Error('list is missing objects');
    });
    console.error(`  ${label} list c=${n}: ${out[`list ${listSize} c=${n}`]!.perSecond.toFixed(1)}/s`);
  }
}

/**
 * 100 watchers on one namespace's ConfigMaps. Each change carries its issue time (this process's
 * clock), so delivery latency is issue → line received. First a quiet phase (one writer, one change at
 * a time) for latency, then the fan-out phase (several writers) for events/s across all watchers.
 */
async function measureWatch(client: Client, watchClient: Client): Promise<Results['watch']> {
  await createNamespace(client, 'bench-watch');
  const list = JSON.parse(await client.request('GET', `${base('bench-watch')}?limit=1`)) as { metadata: { resourceVersion: string } };
  let delivered = 0;
  let lastAt = 0;
  let latencies: number[] = [];
  const marker = '"t":"';
  const onLine = (line: string, at: number) => {
    const i = line.indexOf(marker);
    if (i < 0) return;
    delivered++;
    lastAt = at;
    latencies.push(at - Number(line.slice(i + marker.length, line.indexOf('"', i + marker.length))));
  };
  const path = `${base('bench-watch')}?watch=true&resourceVersion=${list.metadata.resourceVersion}`;
  const stops = await Promise.all(Array.from({ length: watchers }, () => watchClient.watch(path, onLine)));
  const waitDelivered = async (expected: number, since: number) => {
    while (delivered < expected && performance.now() - since < watchCapMs) await sleep(2);
  };
  try {
    const quietStart = performance.now();
    for (let i = 0; i < watchLatencyChanges; i++) {
      await client.request('POST', base('bench-watch'), configMap('bench-watch', `q-${i}`, { t: String(performance.now()) }));
      await waitDelivered((i + 1) * watchers, quietStart);
    }
    const quiet = percentiles(latencies);
    delivered = 0;
    latencies = [];
    const start = performance.now();
    const written = await measure(watchFanoutChanges, watchFanoutWriters, async (i) => {
      await client.request('POST', base('bench-watch'), configMap('bench-watch', `f-${i}`, { t: String(performance.now()) }));
    });
    await waitDelivered(written.ops * watchers, start);
    const loaded = percentiles(latencies);
    return {
      watchers,
      changes: written.ops,
      delivered,
      eventsPerSecond: delivered / ((lastAt - start) / 1000),
      latencyP50: quiet.p50,
      latencyP99: quiet.p99,
      loadedLatencyP50: loaded.p50,
      loadedLatencyP99: loaded.p99,
    };
  } finally {
    for (const stop of stops) stop();
  }
}

async function benchDatastore(label: Datastore, endpoint: string | undefined): Promise<Results> {
  const dataDir = mkdtempSync(join(tmpdir(), `kites-bench-api-${label}-`));
  let running: Running | undefined;
  try {
    running = await startServer(dataDir, endpoint);
    const readyFirstMs = running.readyMs;
    await sleep(settleMs);
    const idleRssFirstMb = rssMb(running.child.pid!);
    await stopServer(running.child);
    running = await startServer(dataDir, endpoint);
    const readySecondMs = running.readyMs;
    await sleep(settleMs);
    const idleRssSecondMb = rssMb(running.child.pid!);
    console.error(`  ${label}: ready ${readyFirstMs.toFixed(0)} ms (first), ${readySecondMs.toFixed(0)} ms (second); idle RSS ${idleRssSecondMb.toFixed(1)} MB`);

    const creds = credentials(join(dataDir, 'kubeconfig.yaml'));
    const client = new Client(running.port, creds, 100);
    const watchClient = new Client(running.port, creds, watchers);
    try {
      // Open all 100 keep-alive connections first, so no phase pays for TLS handshakes.
      await Promise.all(Array.from({ length: 100 }, () => client.request('GET', '/api/v1/namespaces/default')));
      const ops: Record<string, Stats> = {};
      await measureObjects(client, ops, label);
      await measureLists(client, ops, label);
      const watch = await measureWatch(client, watchClient);
      console.error(`  ${label} watch: ${watch.eventsPerSecond.toFixed(0)} events/s delivered, p99 ${watch.latencyP99.toFixed(1)} ms quiet`);
      const rssAfterLoadMb = rssMb(running.child.pid!);
      return { ops, watch, readyFirstMs, readySecondMs, idleRssFirstMb, idleRssSecondMb, rssAfterLoadMb };
    } finally {
      client.close();
      watchClient.close();
    }
  } finally {
    if (running) await stopServer(running.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function run(args: string[]): Promise<void> {
  if (!args.includes('--no-build')) {
    console.error('building dist/ (npm run build)…');
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  }
  const results: Partial<Record<Datastore, Results>> = {};
  console.error('sqlite…');
  results.sqlite = await benchDatastore('sqlite', undefined);
  console.error('etcd…');
  const cluster = await startEtcdCluster({ members: 1, heartbeatMs: 100, electionMs: 1000 });
  try {
    results.etcd = await benchDatastore('etcd', `etcd://${cluster.endpoints[0]}`);
  } finally {
    await cluster.cleanup();
  }
  report(results as Record<Datastore, Results>);
}

// ---- report ----

function report(results: Record<Datastore, Results>): void {
  const stores: Datastore[] = ['sqlite', 'etcd'];
  const opRows = Object.keys(results.sqlite.ops).map((op) => [op, ...stores.flatMap((s) => statCells(results[s].ops[op]))]);
  printTable(['operation', 'sqlite p50 ms', 'p99 ms', 'ops/s', 'etcd p50 ms', 'p99 ms', 'ops/s'], opRows);

  const scalar = (name: string, pick: (r: Results) => number, target = '') => [name, ...stores.map((s) => fmt(pick(results[s]))), target];
  console.log('');
  printTable(['measure', 'sqlite', 'etcd', 'target'], [
    scalar(`watch events/s delivered (${watchers} watchers, ${watchFanoutWriters} writers)`, (r) => r.watch.eventsPerSecond, `≥ ${targets.watchEventsPerSecond}`),
    scalar('watch delivery p50 ms (1 writer)', (r) => r.watch.latencyP50),
    scalar('watch delivery p99 ms (1 writer)', (r) => r.watch.latencyP99),
    scalar(`watch delivery p50 ms (${watchFanoutWriters} writers)`, (r) => r.watch.loadedLatencyP50),
    scalar(`watch delivery p99 ms (${watchFanoutWriters} writers)`, (r) => r.watch.loadedLatencyP99),
    scalar('idle RSS MB (first start)', (r) => r.idleRssFirstMb, `< ${targets.idleRssMb}`),
    scalar('idle RSS MB (second start)', (r) => r.idleRssSecondMb, `< ${targets.idleRssMb}`),
    scalar('RSS MB after the load', (r) => r.rssAfterLoadMb),
    scalar('ready ms (first start, new data dir)', (r) => r.readyFirstMs, `< ${targets.readyMs}`),
    scalar('ready ms (second start, existing data)', (r) => r.readySecondMs, `< ${targets.readyMs}`),
  ]);

  const checks = stores.flatMap((s) => {
    const r = results[s];
    return [
      ...['create', 'get', 'update'].map((op) => check(`${s} ${op} p99 at 100 clients < ${targets.p99Ms} ms`, r.ops[`${op} c=100`]!.p99, (v) => v < targets.p99Ms)),
      ...(s === 'sqlite' ? ['create', 'update'].map((op) => check(`sqlite ${op}s/s at 100 clients ≥ ${targets.sqliteWritesPerSecond}`, r.ops[`${op} c=100`]!.perSecond, (v) => v >= targets.sqliteWritesPerSecond)) : []),
      check(`${s} watch events/s ≥ ${targets.watchEventsPerSecond}`, r.watch.eventsPerSecond, (v) => v >= targets.watchEventsPerSecond),
      check(`${s} idle RSS < ${targets.idleRssMb} MB`, Math.max(r.idleRssFirstMb, r.idleRssSecondMb), (v) => v < targets.idleRssMb),
      check(`${s} ready (first and second start) < ${targets.readyMs} ms`, Math.max(r.readyFirstMs, r.readySecondMs), (v) => v < targets.readyMs),
    ];
  });
  console.log('\ntargets');
  for (const c of checks) console.log(`  ${c.met ? 'met ' : 'MISS'}  ${c.name}: ${fmt(c.value)}`);

  const file = join(root, 'bench', 'results', 'api.json');
  mkdirSync(dirname(file), { recursive: true });
  const environment = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, server: 'node dist/cli/main.js server (compiled)', client: 'same machine, one node process' };
  writeFileSync(file, `${JSON.stringify({ measuredAt: new Date().toISOString(), environment, results, targets: checks }, null, 2)}\n`);
  console.log(`\nwrote ${file}`);
}

function statCells(s: Stats | undefined): string[] {
  return s ? [fmt(s.p50), fmt(s.p99), fmt(s.perSecond)] : ['—', '—', '—'];
}

function check(name: string, value: number, ok: (v: number) => boolean) {
  return { name, value, met: ok(value) };
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return '—';
  return n >= 100 ? n.toFixed(0) : n.toFixed(1);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
