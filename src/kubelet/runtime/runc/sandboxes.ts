// Pod sandboxes without a pause process: the pod's network, IPC and UTS namespaces are files in
// the sandbox directory (bind mounts keep them alive), joined by every container of the pod. The
// network is set up by the CNI chain (plus loopback on `lo`); resolv.conf, hosts and hostname are
// written here and bound into the containers. DEL always runs on the way out, even after a failed ADD.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../../client/clock.ts';
import type { Logger } from '../../../log/logger.ts';
import { loadConflist, loopbackConf } from '../../cni/conflist.ts';
import { Cni, podIPv4, type RuntimeConf } from '../../cni/exec.ts';
import { RuntimeNotFoundError, type PodSandboxConfig, type PodSandboxFilter, type PodSandboxStatus } from '../types.ts';
import { hostsFile, resolvConf } from './etc-files.ts';
import { createNamespaces, unmountAll, type NamespaceKind } from './mounts.ts';
import type { SandboxPaths } from './spec.ts';
import { matchLabels, readJson, writeJson, type SandboxRecord } from './state.ts';

export interface SandboxesOptions {
  dir: string;
  /** Where the CNI conflist in force is read from. */
  cniConfDir: string;
  cni: Cni;
  /** The node's own network namespace name, for host-network pods when the node has one. */
  nodeNetns?: string;
  /** The node's resolv.conf, for pods without a DNS config (dnsPolicy Default). */
  hostResolvConf: string;
  clock: Clock;
  logger: Logger;
}

export class Sandboxes {
  readonly #o: SandboxesOptions;
  readonly #records = new Map<string, SandboxRecord>();

  constructor(options: SandboxesOptions) {
    this.#o = options;
  }

  /** Loads what a previous agent left. */
  async load(): Promise<void> {
    await mkdir(this.#o.dir, { recursive: true, mode: 0o700 });
    for (const id of await readdir(this.#o.dir)) {
      const r = await readJson<SandboxRecord>(join(this.#o.dir, id, 'sandbox.json'));
      if (r) this.#records.set(id, r);
    }
  }

  async run(config: PodSandboxConfig): Promise<string> {
    const id = randomBytes(32).toString('hex');
    const dir = join(this.#o.dir, id);
    const hostNetwork = config.hostNetwork === true;
    const hostname = config.hostname ?? config.metadata.name;
    const record: SandboxRecord = {
      id, metadata: { ...config.metadata }, labels: { ...config.labels }, annotations: { ...config.annotations },
      createdAt: this.#o.clock.now(), state: 'SANDBOX_NOTREADY', hostNetwork, hostname,
    };
    await mkdir(dir, { recursive: true, mode: 0o700 });
    this.#records.set(id, record);
    await this.#save(record);
    try {
      const kinds: NamespaceKind[] = hostNetwork ? ['ipc'] : ['net', 'ipc', 'uts'];
      const ns = await createNamespaces(join(dir, 'ns'), kinds, hostname);
      if (ns.net) {
        const conflist = await loadConflist(this.#o.cniConfDir);
        const rt = this.#runtimeConf(record, ns.net);
        record.network = { conflist, result: { cniVersion: conflist.cniVersion } };
        await this.#save(record);
        await this.#o.cni.add(loopbackConf(), { ...rt, ifName: 'lo' });
        record.network.result = await this.#o.cni.add(conflist, rt);
        record.ip = podIPv4(record.network.result);
      }
      await writeFile(join(dir, 'hostname'), `${hostname}\n`);
      await writeFile(join(dir, 'hosts'), hostNetwork ? await readFile('/etc/hosts', 'utf8') : hostsFile(hostname, record.ip));
      await writeFile(join(dir, 'resolv.conf'), config.dnsConfig ? resolvConf(config.dnsConfig) : this.#o.hostResolvConf);
      record.state = 'SANDBOX_READY';
      await this.#save(record);
      return id;
    } catch (err) {
      await this.remove(id).catch((e: Error) => this.#o.logger.warn('cleanup after a failed sandbox start failed', { sandbox: id, err: e.message }));
      throw err;
    }
  }

  /** Releases the network (CNI DEL) and the namespaces; the record stays (NOTREADY) until removal. */
  async stop(id: string): Promise<void> {
    const r = this.#records.get(id);
    if (!r) return;
    const dir = join(this.#o.dir, id);
    r.state = 'SANDBOX_NOTREADY';
    try {
      if (r.network) {
        const rt = this.#runtimeConf(r, join(dir, 'ns', 'net'));
        await this.#o.cni.del(r.network.conflist, rt, r.network.result);
        await this.#o.cni.del(loopbackConf(), { ...rt, ifName: 'lo' }).catch(() => undefined);
        delete r.network;
      }
    } finally {
      // Plugins tolerate a missing netns on a later DEL (the record keeps the network until one succeeds).
      await unmountAll(join(dir, 'ns'));
      await this.#save(r);
    }
  }

  async remove(id: string): Promise<void> {
    if (!this.#records.has(id)) return;
    await this.stop(id);
    await rm(join(this.#o.dir, id), { recursive: true, force: true });
    this.#records.delete(id);
  }

  get(id: string): SandboxRecord {
    const r = this.#records.get(id);
    if (!r) throw new RuntimeNotFoundError('sandbox', id);
    return r;
  }

  ids(): string[] {
    return [...this.#records.keys()];
  }

  /** What a container of the sandbox joins and binds in. */
  paths(id: string): SandboxPaths {
    const r = this.get(id);
    const dir = join(this.#o.dir, id);
    const hostNetns = this.#o.nodeNetns ? `/run/netns/${this.#o.nodeNetns}` : undefined;
    return {
      netns: r.hostNetwork ? hostNetns : join(dir, 'ns', 'net'),
      ipcns: join(dir, 'ns', 'ipc'),
      ...(r.hostNetwork ? {} : { utsns: join(dir, 'ns', 'uts') }),
      resolvConf: join(dir, 'resolv.conf'), hosts: join(dir, 'hosts'), hostname: join(dir, 'hostname'), hostnameValue: r.hostname,
    };
  }

  status(id: string): PodSandboxStatus {
    const r = this.get(id);
    return structuredClone({
      id, metadata: r.metadata, state: r.state, createdAt: r.createdAt, labels: r.labels, annotations: r.annotations,
      ...(r.ip && r.state === 'SANDBOX_READY' ? { network: { ip: r.ip, additionalIps: [] } } : {}),
    });
  }

  list(filter: PodSandboxFilter = {}): PodSandboxStatus[] {
    return [...this.#records.keys()].map((id) => this.status(id))
      .filter((s) => (!filter.id || s.id === filter.id) && (!filter.state || s.state === filter.state) && matchLabels(s.labels, filter.labelSelector));
  }

  #runtimeConf(r: SandboxRecord, netns: string): RuntimeConf {
    return {
      containerId: r.id, netns, ifName: 'eth0',
      args: [['K8S_POD_NAMESPACE', r.metadata.namespace], ['K8S_POD_NAME', r.metadata.name], ['K8S_POD_INFRA_CONTAINER_ID', r.id], ['K8S_POD_UID', r.metadata.uid]],
    };
  }

  async #save(r: SandboxRecord): Promise<void> {
    await writeJson(join(this.#o.dir, r.id, 'sandbox.json'), r);
  }
}
