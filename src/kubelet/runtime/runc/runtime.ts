// The runc runtime: real OCI containers on this node. Sandboxes are namespace files wired up by the
// CNI chain (sandboxes.ts); containers are OCI bundles run by Debian's runc under a per-container
// shim (containers.ts, shim.ts); images come from an ImageProvider. All state lives under the node's
// data dir, so an agent restart adopts running containers instead of restarting them. The node's
// network guard rails (egress filter, service dummy) are set up on start and removed on close.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock, TimerHandle } from '../../../client/clock.ts';
import type { Logger } from '../../../log/logger.ts';
import { mustRun } from '../../cni/command.ts';
import { kitesConflist, loadConflist, writeKitesConflist } from '../../cni/conflist.ts';
import { Cni, pluginExec } from '../../cni/exec.ts';
import { NodeNetwork } from '../../cni/node-network.ts';
import type {
  ContainerConfig, ContainerEvent, ContainerEventType, ExecRequest, ExecSession, ContainerFilter, ContainerRuntime, ContainerStatus, ContainerSummary,
  ImageInfo, ImageSpec, PodSandboxConfig, PodSandboxFilter, PodSandboxStatus, RuntimeCondition, VersionInfo,
} from '../types.ts';
import { Cgroups, detectCgroups } from './cgroups.ts';
import { Containers } from './containers.ts';
import type { ImageProvider } from './images.ts';
import { CNI_PLUGIN_DIRS, preflight, which } from './preflight.ts';
import { Sandboxes } from './sandboxes.ts';
import type { ContainerRecord } from './state.ts';

export const RUNC_RUNTIME_NAME = 'runc';
const POLL_MS = 250;

export interface RuncRuntimeOptions {
  /** The node's data dir: sandboxes/, containers/, pods/ (logs), cni/, runc/ (runc's --root). */
  dataDir: string;
  images: ImageProvider;
  clock: Clock;
  logger: Logger;
  /** Keep the node's networking (bridge, nftables, routes) in this named netns (tests); default the agent's own. */
  nodeNetns?: string;
  /** Let pods reach addresses outside the cluster ranges. */
  allowEgress?: boolean;
  cniPluginDirs?: string[];
}

export class RuncRuntime implements ContainerRuntime {
  readonly #o: RuncRuntimeOptions;
  readonly #cni: Cni;
  readonly #network: NodeNetwork;
  readonly #listeners = new Set<(e: ContainerEvent) => void>();
  readonly #sandboxes: Sandboxes;
  readonly #containers: Containers;
  readonly #runcVersion: string;
  readonly #cgroups: Cgroups;
  #timer: TimerHandle | undefined;
  #closed = false;

  private constructor(o: RuncRuntimeOptions, cgroups: Cgroups, runc: string, runcVersion: string, hostResolvConf: string) {
    this.#o = o;
    this.#runcVersion = runcVersion;
    this.#cgroups = cgroups;
    const pluginDirs = o.cniPluginDirs ?? CNI_PLUGIN_DIRS;
    this.#cni = new Cni({ pluginDirs, exec: pluginExec(o.nodeNetns) });
    this.#network = new NodeNetwork({ nodeNetns: o.nodeNetns, allowEgress: o.allowEgress === true });
    this.#sandboxes = new Sandboxes({
      dir: join(o.dataDir, 'sandboxes'), cniConfDir: this.#confDir, cni: this.#cni, nodeNetns: o.nodeNetns, hostResolvConf, clock: o.clock, logger: o.logger,
    });
    this.#containers = new Containers({
      dir: join(o.dataDir, 'containers'), podLogDir: join(o.dataDir, 'pods'), runc, runcRoot: join(o.dataDir, 'runc'), cgroups,
      images: o.images, sandboxes: this.#sandboxes, clock: o.clock, logger: o.logger, emit: (c, type) => this.#emit(c, type),
    });
  }

  /** Checks the host (naming the apt-get command for what is missing), sets up the node network, adopts what is running. */
  static async start(options: RuncRuntimeOptions): Promise<RuncRuntime> {
    await preflight(options.cniPluginDirs ?? CNI_PLUGIN_DIRS);
    const runc = (await which('runc'))!;
    const version = /runc version (\S+)/.exec(await mustRun([runc, '--version']))?.[1] ?? 'unknown';
    const hostResolvConf = await readFile('/etc/resolv.conf', 'utf8').catch(() => '');
    const rt = new RuncRuntime(options, new Cgroups(await detectCgroups()), runc, version, hostResolvConf);
    await rt.#network.setUp();
    await rt.#sandboxes.load();
    await rt.#containers.load();
    rt.#schedulePoll();
    return rt;
  }

  get #confDir(): string {
    return join(this.#o.dataDir, 'cni', 'net.d');
  }

  async version(): Promise<VersionInfo> {
    return { runtimeName: RUNC_RUNTIME_NAME, runtimeVersion: this.#runcVersion, runtimeApiVersion: 'v1' };
  }

  /** NetworkReady once a conflist is in place whose plugins are all installed (upstream's "cni config uninitialized"). */
  async status(): Promise<RuntimeCondition[]> {
    let network: RuntimeCondition = { type: 'NetworkReady', status: true, reason: '', message: '' };
    try {
      const missing = await this.#cni.missingPlugins(await loadConflist(this.#confDir));
      if (missing.length) network = { ...network, status: false, reason: 'NetworkPluginNotReady', message: `Network plugin returns error: CNI plugins not found: ${missing.join(', ')}` };
    } catch {
      network = { ...network, status: false, reason: 'NetworkPluginNotReady', message: 'Network plugin returns error: cni config uninitialized (no pod CIDR assigned to the node yet)' };
    }
    return [{ type: 'RuntimeReady', status: true, reason: '', message: '' }, network];
  }

  async updateRuntimeConfig(config: { podCidr: string }): Promise<void> {
    if (config.podCidr) await writeKitesConflist(this.#confDir, kitesConflist(config.podCidr, join(this.#o.dataDir, 'cni', 'ipam')));
  }

  async runPodSandbox(config: PodSandboxConfig): Promise<string> {
    return this.#sandboxes.run(config);
  }

  async stopPodSandbox(id: string): Promise<void> {
    if (!this.#sandboxes.ids().includes(id)) return;
    for (const c of this.#containers.list({ podSandboxId: id })) await this.#containers.stop(c.id, 0);
    await this.#sandboxes.stop(id);
  }

  async removePodSandbox(id: string): Promise<void> {
    if (!this.#sandboxes.ids().includes(id)) return;
    await this.stopPodSandbox(id);
    for (const c of this.#containers.list({ podSandboxId: id })) await this.#containers.remove(c.id);
    const { metadata: m } = this.#sandboxes.get(id);
    await this.#sandboxes.remove(id);
    // The pod's logs go with its last sandbox (a replaced sandbox's successor keeps writing there).
    if (this.#sandboxes.list().every((s) => s.metadata.uid !== m.uid)) {
      await rm(join(this.#o.dataDir, 'pods', `${m.namespace}_${m.name}_${m.uid}`), { recursive: true, force: true });
    }
  }

  async podSandboxStatus(id: string): Promise<PodSandboxStatus> {
    return this.#sandboxes.status(id);
  }

  async listPodSandbox(filter?: PodSandboxFilter): Promise<PodSandboxStatus[]> {
    return this.#sandboxes.list(filter);
  }

  async createContainer(podSandboxId: string, config: ContainerConfig, sandboxConfig: PodSandboxConfig): Promise<string> {
    return this.#containers.create(podSandboxId, config, sandboxConfig);
  }

  async startContainer(id: string): Promise<void> {
    return this.#containers.start(id);
  }

  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    return this.#containers.stop(id, timeoutSeconds);
  }

  async removeContainer(id: string): Promise<void> {
    return this.#containers.remove(id);
  }

  async containerStatus(id: string): Promise<ContainerStatus> {
    return this.#containers.status(id);
  }

  async listContainers(filter?: ContainerFilter): Promise<ContainerSummary[]> {
    return this.#containers.list(filter);
  }

  async exec(id: string, request: ExecRequest): Promise<ExecSession> {
    return this.#containers.exec(id, request);
  }

  onContainerEvent(listener: (event: ContainerEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async pullImage(image: ImageSpec): Promise<string> {
    return this.#o.images.pull(image.image);
  }

  async listImages(): Promise<ImageInfo[]> {
    return this.#o.images.list();
  }

  async imageStatus(image: ImageSpec): Promise<ImageInfo | undefined> {
    return this.#o.images.status(image.image);
  }

  async removeImage(image: ImageSpec): Promise<void> {
    await this.#o.images.remove(image.image);
  }

  /**
   * Stops watching and removes the node network guard rails. Containers keep running (their shims
   * are detached), so a restarted agent adopts them.
   */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== undefined) this.#o.clock.clearTimeout(this.#timer);
    this.#listeners.clear();
    await this.#network.tearDown();
    await this.#cgroups.removeParentIfEmpty();
  }

  #schedulePoll(): void {
    if (this.#closed) return;
    this.#timer = this.#o.clock.setTimeout(() => {
      this.#containers.poll()
        .catch((err: Error) => this.#o.logger.warn('container exit check failed', { err: err.message }))
        .finally(() => this.#schedulePoll());
    }, POLL_MS);
  }

  #emit(c: ContainerRecord, type: ContainerEventType): void {
    const labels = this.#sandboxes.ids().includes(c.sandboxId) ? this.#sandboxes.get(c.sandboxId).labels : c.labels;
    const event: ContainerEvent = { containerId: c.id, podSandboxId: c.sandboxId, type, createdAt: this.#o.clock.now(), labels: { ...labels } };
    for (const l of this.#listeners) l(event);
  }
}
