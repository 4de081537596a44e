// Tearing a runc node down completely, as k3s-killall.sh does: an agent stopping on purpose leaves
// its containers running for the next agent to adopt, so `kites down` calls this afterwards to stop
// and delete every container, release every pod network, unmount what the runtime mounted, and
// remove the node's bridge, service dummy, nftables tables and cgroups. The runtime's bookkeeping of
// those containers (sandboxes/, containers/, runc/, pods/, cni/ipam/) goes too, since it describes
// things that no longer exist; images and the CNI configuration stay. Idempotent: what is already
// gone is not an error, and nothing here throws; what could not be removed is reported.
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { sleep, type Clock } from '../../../client/clock.ts';
import { inNodeNetns, run } from '../../cni/command.ts';
import { KITES_BRIDGE } from '../../cni/conflist.ts';
import { Cni, pluginExec } from '../../cni/exec.ts';
import { SERVICE_DUMMY } from '../../cni/node-network.ts';
import { CGROUP_PARENT, detectCgroups, type CgroupLayout } from './cgroups.ts';
import { mountsUnder, unmountAll } from './mounts.ts';
import { CNI_PLUGIN_DIRS, which } from './preflight.ts';
import { readJson, type SandboxRecord } from './state.ts';

/** Per-node directories that only describe runtime objects (removed once those are gone). */
const RUNTIME_STATE = ['sandboxes', 'containers', 'runc', 'pods', join('cni', 'ipam')];
/** nftables tables kites programs: the agent's `inet kites-filter`, the proxy's `ip kites`. */
const KITES_TABLE = /^kites($|-)/;
const SETTLE_MS = 2_000;
const KILL_WAIT_MS = 3_000;

export interface TeardownOptions {
  /** The agent's --data-dir (`SERVER_DIR/agent` for `kites server`'s own node); nodes are under `nodes/`. */
  agentDataDir: string;
  /** The named netns the node's networking lives in (`--node-netns`); default this process's own. */
  nodeNetns?: string;
  cniPluginDirs?: string[];
  clock: Clock;
}

export interface TeardownReport {
  /** Container ids stopped and deleted through runc. */
  containers: string[];
  /** Shim and `runc run` processes that had to be killed. */
  processes: number[];
  /** Sandboxes whose network CNI DEL released. */
  networks: string[];
  mounts: string[];
  /** Interfaces deleted: veths on the bridge, the bridge, the service dummy. */
  links: string[];
  /** e.g. `inet kites-filter`. */
  nftTables: string[];
  cgroups: string[];
  /** Runtime state directories removed. */
  stateDirs: string[];
  /** What could not be removed, and why. */
  errors: string[];
}

export function emptyReport(): TeardownReport {
  return { containers: [], processes: [], networks: [], mounts: [], links: [], nftTables: [], cgroups: [], stateDirs: [], errors: [] };
}

/** Stops and removes everything the runc runtime left on this host for `agentDataDir`. Needs root. */
export async function teardownNode(options: TeardownOptions): Promise<TeardownReport> {
  const report = emptyReport();
  const nodesDir = join(options.agentDataDir, 'nodes');
  const nodes = (await readdir(nodesDir).catch(() => [] as string[])).map((n) => join(nodesDir, n));
  const step = async (what: string, fn: () => Promise<void>) => {
    await fn().catch((err: Error) => report.errors.push(`${what}: ${err.message}`));
  };
  const layout = await detectCgroups().catch(() => undefined);
  const runc = await which('runc');
  const ids = new Map<string, string[]>();
  for (const node of nodes) {
    await step(`containers of ${node}`, async () => {
      ids.set(node, await stopContainers(node, runc, layout, options.clock, report));
    });
  }
  for (const node of nodes) await step(`pod networks of ${node}`, () => releaseNetworks(node, options, report));
  await step('mounts', async () => {
    const mounts = await mountsUnder(options.agentDataDir);
    await unmountAll(options.agentDataDir);
    report.mounts.push(...mounts);
  });
  if (nodes.length > 0) {
    await step('links', () => removeLinks(options.nodeNetns, report));
    await step('nftables', () => removeTables(options.nodeNetns, report));
  }
  if (layout) await step('cgroups', () => removeCgroups(layout, [...ids.values()].flat(), report));
  for (const node of nodes) await step(`state of ${node}`, () => removeState(node, report));
  return report;
}

/** runc kill, the cgroup's processes, then the shims; returns every container id seen. */
async function stopContainers(node: string, runc: string | undefined, layout: CgroupLayout | undefined, clock: Clock, report: TeardownReport): Promise<string[]> {
  const root = join(node, 'runc');
  // runc creates a missing --root, so it is only asked when there is one.
  const listed = runc && existsSync(root) ? (await run([runc, '--root', root, 'list', '-q'])).stdout.split('\n').filter(Boolean) : [];
  const ids = [...new Set([...listed, ...(await readdir(join(node, 'containers')).catch(() => [] as string[]))])];
  for (const id of listed) await run([runc!, '--root', root, 'kill', id, 'KILL']);
  for (const id of ids) for (const pid of await cgroupPids(layout, id)) signal(pid);
  // The shims end once their container has; whatever is still there after a moment is killed.
  let left = await waitGone(node, clock, SETTLE_MS);
  for (const pid of left) signal(pid);
  report.processes.push(...left);
  if (left.length > 0) left = await waitGone(node, clock, KILL_WAIT_MS);
  if (left.length > 0) report.errors.push(`processes of ${node} did not exit: ${left.join(', ')}`);
  for (const id of listed) {
    const del = await run([runc!, '--root', root, 'delete', '--force', id]);
    if (del.code === 0 || /does not exist|not found/.test(del.stderr)) report.containers.push(id);
    else report.errors.push(`runc delete ${id}: ${del.stderr.trim()}`);
  }
  return ids;
}

/** The node's runtime processes still alive after waiting up to `ms` for them to end. */
async function waitGone(node: string, clock: Clock, ms: number): Promise<number[]> {
  const until = clock.now() + ms;
  let left = await runtimeProcesses(node);
  while (left.length > 0 && clock.now() < until) {
    await sleep(clock, 50);
    left = await runtimeProcesses(node);
  }
  return left;
}

/** Shims and `runc run` processes of the node: their command lines name its containers dir or runc root. */
async function runtimeProcesses(node: string): Promise<number[]> {
  const marks = [join(node, 'containers') + '/', join(node, 'runc')];
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const cmdline = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0');
    if (cmdline.some((arg) => marks.some((m) => arg.includes(m)))) pids.push(Number(entry));
  }
  return pids;
}

async function cgroupPids(layout: CgroupLayout | undefined, id: string): Promise<number[]> {
  const pids = new Set<number>();
  for (const root of new Set(layout?.roots.values() ?? [])) {
    const text = await readFile(join(root, CGROUP_PARENT, id, 'cgroup.procs'), 'utf8').catch(() => '');
    for (const p of text.split('\n').filter(Boolean)) pids.add(Number(p));
  }
  return [...pids];
}

function signal(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * CNI DEL for every sandbox that still holds a network, with the chain and result ADD recorded. A
 * netns that is no longer mounted is passed as empty, which the spec allows: plugins then release
 * what they hold outside it (the address) and skip the rest.
 */
async function releaseNetworks(node: string, o: TeardownOptions, report: TeardownReport): Promise<void> {
  const cni = new Cni({ pluginDirs: o.cniPluginDirs ?? CNI_PLUGIN_DIRS, exec: pluginExec(o.nodeNetns) });
  const dir = join(node, 'sandboxes');
  for (const id of await readdir(dir).catch(() => [] as string[])) {
    const r = await readJson<SandboxRecord>(join(dir, id, 'sandbox.json')).catch(() => undefined);
    if (!r?.network) continue;
    const netnsPath = join(dir, id, 'ns', 'net');
    const netns = (await mountsUnder(netnsPath)).length > 0 ? netnsPath : '';
    const args: [string, string][] = [['K8S_POD_NAMESPACE', r.metadata.namespace], ['K8S_POD_NAME', r.metadata.name], ['K8S_POD_INFRA_CONTAINER_ID', r.id], ['K8S_POD_UID', r.metadata.uid]];
    try {
      await cni.del(r.network.conflist, { containerId: r.id, netns, ifName: 'eth0', args }, r.network.result);
      report.networks.push(id);
    } catch (err) {
      report.errors.push(`CNI DEL of sandbox ${id}: ${(err as Error).message}`);
    }
  }
}

/** Veths still on the bridge (their pod netns outlived us), then the bridge and the service dummy. */
async function removeLinks(nodeNetns: string | undefined, report: TeardownReport): Promise<void> {
  const ip = (...args: string[]) => run(inNodeNetns(nodeNetns, ['ip', ...args]));
  const ports = (await ip('-o', 'link', 'show', 'master', KITES_BRIDGE)).stdout.split('\n')
    .map((l) => l.split(':')[1]?.trim().split('@')[0]).filter((n): n is string => !!n);
  for (const link of [...ports, KITES_BRIDGE, SERVICE_DUMMY]) {
    if ((await ip('link', 'show', link)).code !== 0) continue;
    const del = await ip('link', 'del', link);
    if (del.code === 0) report.links.push(link);
    else report.errors.push(`ip link del ${link}: ${del.stderr.trim()}`);
  }
}

async function removeTables(nodeNetns: string | undefined, report: TeardownReport): Promise<void> {
  const list = await run(inNodeNetns(nodeNetns, ['nft', 'list', 'tables']));
  if (list.code !== 0) throw new Error(`nft list tables: ${list.stderr.trim()}`);
  for (const line of list.stdout.split('\n')) {
    const [, family, name] = /^table (\S+) (\S+)$/.exec(line.trim()) ?? [];
    if (!family || !name || !KITES_TABLE.test(name)) continue;
    const del = await run(inNodeNetns(nodeNetns, ['nft', 'delete', 'table', family, name]));
    if (del.code === 0) report.nftTables.push(`${family} ${name}`);
    else report.errors.push(`nft delete table ${family} ${name}: ${del.stderr.trim()}`);
  }
}

/** The containers' `kites/<id>` cgroups in every hierarchy, then the `kites` parents left empty. */
async function removeCgroups(layout: CgroupLayout, ids: string[], report: TeardownReport): Promise<void> {
  for (const root of new Set(layout.roots.values())) {
    for (const id of ids) {
      const dir = join(root, CGROUP_PARENT, id);
      await rmdir(dir).then(() => report.cgroups.push(dir), (err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') report.errors.push(`rmdir ${dir}: ${err.code}`);
      });
    }
    const parent = join(root, CGROUP_PARENT);
    const children = await readdir(parent, { withFileTypes: true }).catch(() => undefined);
    if (children && !children.some((d) => d.isDirectory())) await rmdir(parent).then(() => report.cgroups.push(parent), () => undefined);
  }
}

/** Never removes a directory with anything still mounted below it (rm would reach through the mount). */
async function removeState(node: string, report: TeardownReport): Promise<void> {
  for (const name of RUNTIME_STATE) {
    const dir = join(node, name);
    const still = await mountsUnder(dir);
    if (still.length > 0) {
      report.errors.push(`kept ${dir}: still mounted there: ${still.join(', ')}`);
      continue;
    }
    if ((await readdir(dir).catch(() => undefined)) === undefined) continue;
    await rm(dir, { recursive: true, force: true });
    report.stateDirs.push(dir);
  }
}

/** One line for people: what went, and what did not. */
export function summarizeTeardown(r: TeardownReport): string {
  const parts = [
    [r.containers.length, 'container'], [r.networks.length, 'pod network'], [r.mounts.length, 'mount'],
    [r.links.length, 'interface'], [r.nftTables.length, 'nftables table'], [r.cgroups.length, 'cgroup'],
  ] as const;
  const removed = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}${n === 1 ? '' : 's'}`);
  return removed.length === 0 ? 'nothing of the node was left to remove' : `removed ${removed.join(', ')}`;
}
