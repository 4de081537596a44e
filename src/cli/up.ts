// `kites up`, `kites down`, `kites status`: a single-node cluster for a newcomer, in the background.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, open, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import type { Node } from 'kubernetes-types/core/v1.d.ts';
import { realClock } from '../client/clock.ts';
import { ApiClient } from '../client/index.ts';
import { mountsUnder } from '../kubelet/runtime/runc/mounts.ts';
import { summarizeTeardown, teardownNode } from '../kubelet/runtime/runc/teardown.ts';
import { DEFAULT_DATA_DIR, paths, runningServerPid, serverPort } from './cluster-files.ts';
import { mergeKubeconfig } from './kubeconfig-merge.ts';
import { isReady } from './readiness.ts';
import { parsePort } from './server.ts';

const say = (line: string) => process.stdout.write(line + '\n');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Shows progress on one line while `until` is false; returns false when the deadline passes. */
async function waitFor(what: string, until: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const started = Date.now();
  const tty = process.stdout.isTTY;
  for (let i = 0; ; i++) {
    if (await until()) {
      say(`${tty ? '\r' : ''}✔ ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)${tty ? '   ' : ''}`);
      return true;
    }
    if (Date.now() - started > timeoutMs) {
      say(`${tty ? '\r' : ''}✘ ${what}: not after ${Math.round(timeoutMs / 1000)} s`);
      return false;
    }
    if (tty) process.stdout.write(`\r${'⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏'[i % 10]} ${what}…`);
    await sleep(200);
  }
}

async function readyNodes(kubeconfig: string): Promise<number> {
  const client = await ApiClient.fromKubeconfig(kubeconfig);
  try {
    const nodes = await client.forKind<Node>('', 'v1', 'Node').list();
    return nodes.items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
  } finally {
    client.close();
  }
}

function printNextSteps(dataDir: string, port: number): void {
  const p = paths(dataDir);
  say(`\nkites is running on https://127.0.0.1:${port}`);
  say(`  kubeconfig: ${p.kubeconfig} (also the "kites" context in ~/.kube/config)`);
  say(`  export KUBECONFIG=${p.kubeconfig}`);
  say(`  kubectl get nodes`);
  say(`  logs: ${p.log}    stop: kites down --data-dir ${dataDir}`);
}

export function upCommand(): Command {
  return new Command('up')
    .description('Start a single-node cluster in the background (idempotent), wait until it is ready, and say how to use it.')
    .option('--data-dir <dir>', 'where the cluster keeps its state', DEFAULT_DATA_DIR)
    .option('--https-port <port>', 'HTTPS port of the API server on 127.0.0.1', parsePort, 6443)
    .action(async (opts: { dataDir: string; httpsPort: number }) => {
      const dataDir = resolve(opts.dataDir);
      const p = paths(dataDir);
      const pid = await runningServerPid(dataDir);
      const knownPort = await serverPort(dataDir);
      if (pid && knownPort && (await isReady(knownPort, p.ca))) {
        say(`kites is already running (pid ${pid}).`);
        await mergeKubeconfig(p.kubeconfig, join(homedir(), '.kube', 'config'));
        printNextSteps(dataDir, knownPort);
        return;
      }
      await mkdir(dataDir, { recursive: true, mode: 0o700 });
      const log = await open(p.log, 'a');
      // The same program that runs now, in the server role (compiled or through tsx alike).
      const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, 'server', '--data-dir', dataDir, '--https-port', String(opts.httpsPort)], {
        detached: true,
        stdio: ['ignore', log.fd, log.fd],
      });
      child.unref();
      await log.close();
      await writeFile(p.pid, String(child.pid));
      await writeFile(p.port, String(opts.httpsPort));
      say(`starting kites server (pid ${child.pid}, logs in ${p.log})`);
      const exited = new Promise<boolean>((r) => child.once('exit', () => r(true)));
      let gone = false;
      void exited.then(() => (gone = true));
      const ready = await waitFor('control plane ready', async () => !gone && (await isReady(opts.httpsPort, p.ca)), 60_000);
      if (!ready) {
        say(`the server did not become ready; see ${p.log}`);
        process.exitCode = 1;
        return;
      }
      await mergeKubeconfig(p.kubeconfig, join(homedir(), '.kube', 'config'));
      const nodeReady = await waitFor('a node is Ready', async () => (await readyNodes(p.kubeconfig).catch(() => 0)) > 0, 30_000);
      if (!nodeReady) say(`no node is Ready yet: join one with  kites agent --server https://127.0.0.1:${opts.httpsPort} --token-file ${p.nodeToken} --ca-file ${p.ca} --node-name NAME`);
      printNextSteps(dataDir, opts.httpsPort);
    });
}

export function downCommand(): Command {
  return new Command('down')
    .description('Stop the cluster `kites up` started, then remove everything its node left on this host: every container '
      + '(shims, runc state), pod network namespaces, overlay and namespace mounts, the kites0 bridge and its veths, kites-svc, '
      + 'the kites nftables tables and cgroups (as k3s-killall.sh). The data (objects, certificates, images) stays unless --purge. '
      + 'Run it in the network namespace the cluster runs in.')
    .option('--data-dir <dir>', 'the cluster to stop', DEFAULT_DATA_DIR)
    .option('--agent-data-dir <dir>', 'the node to tear down, for an agent started by hand (kites agent --data-dir); default DATA_DIR/agent')
    .option('--node-netns <name>', 'the named network namespace the node\'s networking is in (kites agent --node-netns)')
    .option('--purge', 'also delete the data directory (all objects, certificates, images)')
    .action(async (opts: { dataDir: string; agentDataDir?: string; nodeNetns?: string; purge?: boolean }) => {
      const dataDir = resolve(opts.dataDir);
      const p = paths(dataDir);
      const pid = await runningServerPid(dataDir);
      if (pid) {
        process.kill(pid, 'SIGTERM');
        const stopped = await waitFor(`stopping kites server (pid ${pid})`, async () => !(await runningServerPid(dataDir)), 30_000);
        if (!stopped) {
          process.kill(pid, 'SIGKILL');
          await waitFor('killing kites server', async () => !(await runningServerPid(dataDir)), 5_000);
        }
      } else {
        say('kites is not running.');
      }
      await rm(p.pid, { force: true });
      await rm(p.port, { force: true });
      if (!(await tearDownNode(resolve(opts.agentDataDir ?? join(dataDir, 'agent')), opts.nodeNetns))) {
        process.exitCode = 1;
        return;
      }
      if (opts.purge) {
        const mounted = await mountsUnder(dataDir);
        if (mounted.length > 0) {
          say(`not removing ${dataDir}: still mounted there: ${mounted.join(', ')}`);
          process.exitCode = 1;
          return;
        }
        await rm(dataDir, { recursive: true, force: true });
        say(`removed ${dataDir}`);
      }
    });
}

/** Removes the node's containers and network state; false when something could not be removed. */
async function tearDownNode(agentDataDir: string, nodeNetns: string | undefined): Promise<boolean> {
  if (process.getuid?.() !== 0) {
    // Without root the server never ran a node (the embedded agent needs root), so there is nothing to remove.
    if (existsSync(join(agentDataDir, 'nodes'))) say(`not root: the node's containers and network state in ${agentDataDir} were left; run kites down as root`);
    return true;
  }
  const report = await teardownNode({ agentDataDir, nodeNetns, clock: realClock });
  say(`node teardown: ${summarizeTeardown(report)}`);
  for (const e of report.errors) say(`  could not remove: ${e}`);
  return report.errors.length === 0;
}

export function statusCommand(): Command {
  return new Command('status')
    .description('Say whether the cluster `kites up` started is running, ready, and how many nodes are Ready.')
    .option('--data-dir <dir>', 'the cluster to look at', DEFAULT_DATA_DIR)
    .action(async (opts: { dataDir: string }) => {
      const dataDir = resolve(opts.dataDir);
      const p = paths(dataDir);
      const pid = await runningServerPid(dataDir);
      const port = await serverPort(dataDir);
      if (!pid || !port) {
        say(`kites is not running (data dir ${dataDir}). Start it with: kites up --data-dir ${dataDir}`);
        process.exitCode = 3;
        return;
      }
      const ready = await isReady(port, p.ca);
      say(`kites server: running (pid ${pid}) on https://127.0.0.1:${port}, ${ready ? 'ready' : 'not ready'}`);
      if (ready) say(`nodes Ready: ${await readyNodes(p.kubeconfig).catch(() => 0)}`);
      say(`kubeconfig: ${p.kubeconfig}`);
    });
}
