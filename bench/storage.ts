// Storage benchmark: SQLite and the etcd backend side by side, plus etcd driven through the bare etcd3
// client ("raw etcd3 client": plain puts and ranges, none of our layer) in the same run against the
// same fresh one-member etcd, so the ratio shows what our layer costs. Debian ships no etcd
// `benchmark` tool, and `etcdctl check perf` runs for a fixed minute, hence the bare client.
// Every phase is bounded by an operation count and a time cap; etcd is killed at the end.

import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { Etcd3 } from 'etcd3';
import type { Backend } from '../src/storage/backend.ts';
import { openEtcdBackend } from '../src/storage/etcd/backend.ts';
import { openSqliteBackend } from '../src/storage/sqlite/sqlite.ts';
import { startEtcdCluster } from '../test/support/etcd.ts';

const writers = [1, 10, 100] as const;
const writesPerLevel: Record<(typeof writers)[number], number> = { 1: 2_000, 10: 5_000, 100: 10_000 };
/** Each contender's share of a level is split into this many alternating rounds, each capped in time. */
const rounds = 3;
const phaseCapMs = 1_500;
const getSamples = 2_000;
const listSize = 10_000;
const listRepeats = 5;
const watchLatencyWrites = 1_000;
const watchThroughputWrites = 5_000;
const value = JSON.stringify({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'bench', namespace: 'default' }, data: { k: 'x'.repeat(200) } });

/** The operations measured, so the bare client and both backends run the same loops. */
interface Subject {
  create(key: string): Promise<number>;
  update(key: string, revision: number): Promise<number>;
  get(key: string): Promise<unknown>;
}

interface Throughput {
  ops: number;
  seconds: number;
  perSecond: number;
}

interface Latency {
  p50: number;
  p99: number;
}

type Measured = Record<string, number>;

async function throughput(total: number, concurrency: number, op: (i: number) => Promise<void>): Promise<Throughput> {
  const start = performance.now();
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total && performance.now() - start < phaseCapMs) {
        await op(next++);
        done++;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return { ops: done, seconds, perSecond: done / seconds };
}

function percentiles(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
  return { p50: at(0.5), p99: at(0.99) };
}

interface Contender {
  label: string;
  subject: Subject;
  out: Measured;
  prefix: string;
}

/**
 * creates/s and updates/s at 1, 10 and 100 writers, then get latency over the created keys. Contenders
 * sharing one etcd take turns in short rounds, so disk noise and the store's growth fall on each alike.
 */
async function measureWrites(contenders: Contender[]): Promise<void> {
  const created = new Map<Contender, { key: string; revision: number }[]>(contenders.map((c) => [c, []]));
  for (const n of writers) {
    const sums = new Map(contenders.map((c) => [c, { creates: 0, createSeconds: 0, updates: 0, updateSeconds: 0 }]));
    for (let round = 0; round < rounds; round++) {
      for (const contender of contenders) {
        const keys: { key: string; revision: number }[] = [];
        const c = await throughput(writesPerLevel[n] / rounds, n, async (i) => {
          const key = `${contender.prefix}/w${n}/r${round}/${i}`;
          keys.push({ key, revision: await contender.subject.create(key) });
        });
        // Each update goes to a different key at its known revision, so no writer ever conflicts.
        const u = await throughput(keys.length, n, async (i) => {
          keys[i]!.revision = await contender.subject.update(keys[i]!.key, keys[i]!.revision);
        });
        const sum = sums.get(contender)!;
        sum.creates += c.ops;
        sum.createSeconds += c.seconds;
        sum.updates += u.ops;
        sum.updateSeconds += u.seconds;
        created.get(contender)!.push(...keys);
      }
    }
    for (const contender of contenders) {
      const sum = sums.get(contender)!;
      contender.out[`creates/s, ${n} writers`] = sum.creates / sum.createSeconds;
      contender.out[`updates/s, ${n} writers`] = sum.updates / sum.updateSeconds;
      console.error(`  ${contender.label}, ${n} writers: ${format(sum.creates / sum.createSeconds)} creates/s, ${format(sum.updates / sum.updateSeconds)} updates/s`);
    }
  }
  for (const contender of contenders) {
    const keys = created.get(contender)!;
    const samples: number[] = [];
    for (let i = 0; i < getSamples; i++) {
      const key = keys[(i * 7919) % keys.length]!.key;
      const t = performance.now();
      await contender.subject.get(key);
      samples.push(performance.now() - t);
    }
    const get = percentiles(samples);
    contender.out['get p50 (ms)'] = get.p50;
    contender.out['get p99 (ms)'] = get.p99;
  }
}

/** Writes count keys with 100 writers, bounded by count only: the list needs every one of them. */
async function fill(count: number, write: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: 100 }, async () => {
    while (next < count) await write(next++);
  }));
}

async function measureList(backend: Backend, out: Measured): Promise<void> {
  await fill(listSize, (i) => backend.create(`/bench/list/${String(i).padStart(5, '0')}`, value));
  const samples: number[] = [];
  for (let i = 0; i < listRepeats; i++) {
    const t = performance.now();
    const listed = await backend.list('/bench/list/');
    samples.push(performance.now() - t);
    if (listed.items.length !== listSize) throw new Error(`listed ${listed.items.length} of ${listSize} objects`);
  }
  out[`list ${listSize} (ms, median)`] = percentiles(samples).p50;
}

/**
 * Delivery latency with one writer: from the write being issued to its event arriving (so it includes
 * the commit), and separately how long after the writer's acknowledgement the event arrives. Then
 * events/s with 100 writers.
 */
async function measureWatch(backend: Backend, out: Measured): Promise<void> {
  const issued = new Map<string, number>();
  const acknowledged = new Map<string, number>();
  const latencies: number[] = [];
  const afterAck: number[] = [];
  const onEvent = (key: string): void => {
    const now = performance.now();
    latencies.push(now - issued.get(key)!);
    // SQLite hands events to watchers before it answers the writer: no wait after the acknowledgement.
    const ack = acknowledged.get(key);
    afterAck.push(ack === undefined ? 0 : now - ack);
  };
  await watching(backend, '/bench/watch/lat/', watchLatencyWrites, onEvent, async () => {
    for (let i = 0; i < watchLatencyWrites; i++) {
      const key = `/bench/watch/lat/${i}`;
      issued.set(key, performance.now());
      await backend.create(key, value);
      acknowledged.set(key, performance.now());
    }
  });
  const latency = percentiles(latencies);
  out['watch latency p50 (ms)'] = latency.p50;
  out['watch latency p99 (ms)'] = latency.p99;
  out['watch after ack p99 (ms)'] = percentiles(afterAck).p99;

  let first = 0;
  let last = 0;
  await watching(backend, '/bench/watch/tp/', watchThroughputWrites, () => {
    last = performance.now();
    first ||= last;
  }, async () => {
    await fill(watchThroughputWrites, (i) => backend.create(`/bench/watch/tp/${i}`, value));
  });
  out['watch events/s, 100 writers'] = (watchThroughputWrites - 1) / ((last - first) / 1000);
}

/** Runs write() while a watch on prefix counts `expected` events through onEvent. */
async function watching(backend: Backend, prefix: string, expected: number, onEvent: (key: string) => void, write: () => Promise<void>): Promise<void> {
  const from = await backend.currentRevision();
  const controller = new AbortController();
  const drained = (async () => {
    let seen = 0;
    for await (const event of backend.watch(prefix, from, { signal: controller.signal })) {
      onEvent(event.key);
      if (++seen === expected) return;
    }
    throw new Error(`watch on ${prefix} ended after ${seen} of ${expected} events`);
  })();
  try {
    await write();
    await drained;
  } finally {
    controller.abort();
  }
}

function backendSubject(backend: Backend): Subject {
  return {
    create: (key) => backend.create(key, value),
    update: (key, revision) => backend.update(key, value, revision),
    get: (key) => backend.get(key),
  };
}

function rawSubject(client: Etcd3): Subject {
  const put = async (key: string): Promise<number> => Number((await client.kv.put({ key: Buffer.from(key), value: Buffer.from(value) })).header.revision);
  return { create: put, update: put, get: (key) => client.kv.range({ key: Buffer.from(key) }) };
}

export async function run(): Promise<void> {
  const cluster = await startEtcdCluster({ members: 1, heartbeatMs: 100, electionMs: 1000 });
  const dataDir = mkdtempSync(join(tmpdir(), 'kites-bench-sqlite-'));
  const results: Record<'sqlite' | 'etcd' | 'raw', Measured> = { sqlite: {}, etcd: {}, raw: {} };
  const closers: (() => unknown)[] = [];
  try {
    const sqlite = await openSqliteBackend({ dataDir });
    closers.push(() => sqlite.close());
    const etcd = await openEtcdBackend({ endpoints: cluster.endpoints });
    closers.push(() => etcd.close());
    const raw = new Etcd3({ hosts: cluster.endpoints });
    closers.push(() => raw.close());

    console.error('sqlite…');
    await measureWrites([{ label: 'sqlite', subject: backendSubject(sqlite), out: results.sqlite, prefix: '/bench/sqlite' }]);
    await measureList(sqlite, results.sqlite);
    await measureWatch(sqlite, results.sqlite);
    console.error('etcd backend and raw etcd3 client, taking turns…');
    await measureWrites([
      { label: 'raw etcd3 client', subject: rawSubject(raw), out: results.raw, prefix: '/bench/raw' },
      { label: 'etcd', subject: backendSubject(etcd), out: results.etcd, prefix: '/bench/etcd' },
    ]);
    await measureList(etcd, results.etcd);
    await measureWatch(etcd, results.etcd);
  } finally {
    for (const close of closers.reverse()) await close();
    await cluster.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  }
  report(results);
}

function report(results: Record<'sqlite' | 'etcd' | 'raw', Measured>): void {
  const targets = [
    { name: 'SQLite creates/s, 100 writers ≥ 10,000', value: results.sqlite['creates/s, 100 writers']!, met: results.sqlite['creates/s, 100 writers']! >= 10_000 },
    { name: 'SQLite watch p99 < 5 ms', value: results.sqlite['watch latency p99 (ms)']!, met: results.sqlite['watch latency p99 (ms)']! < 5 },
    { name: 'etcd watch p99 < 5 ms', value: results.etcd['watch latency p99 (ms)']!, met: results.etcd['watch latency p99 (ms)']! < 5 },
    ...writers.map((n) => {
      const ratio = results.etcd[`creates/s, ${n} writers`]! / results.raw[`creates/s, ${n} writers`]!;
      return { name: `etcd creates/s ≥ 0.5× raw etcd puts/s, ${n} writers`, value: ratio, met: ratio >= 0.5 };
    }),
  ];
  const rows = Object.keys(results.etcd).map((metric) => [metric, ...(['sqlite', 'etcd', 'raw'] as const).map((b) => format(results[b][metric]))]);
  const header = ['metric', 'sqlite', 'etcd (kites)', 'raw etcd3 client'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log('\ntargets');
  for (const t of targets) console.log(`  ${t.met ? 'met ' : 'MISS'}  ${t.name}: ${format(t.value)}`);

  const file = join(dirname(fileURLToPath(import.meta.url)), 'results', 'storage.json');
  mkdirSync(dirname(file), { recursive: true });
  const environment = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, etcd: etcdVersion() };
  writeFileSync(file, `${JSON.stringify({ measuredAt: new Date().toISOString(), environment, results, targets }, null, 2)}\n`);
  console.log(`\nwrote ${file}`);
}

function format(n: number | undefined): string {
  if (n === undefined) return '—';
  return n >= 100 ? n.toFixed(0) : n.toFixed(2);
}

function etcdVersion(): string {
  return /etcd Version: (\S+)/.exec(execFileSync('/usr/bin/etcd', ['--version']).toString())?.[1] ?? 'unknown';
}
