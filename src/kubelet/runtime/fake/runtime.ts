// The fake runtime behind hollow nodes (like kwok or kubemark's fake CRI): sandboxes and containers
// live in memory, images "pull" instantly, pods get addresses from the node's pod CIDR, and
// containers run or exit as their annotations say (workload.ts). Everything else in the kubelet is
// the real thing, so controllers, the scheduler and benchmarks see nodes that behave like nodes.
import { createHash, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock, TimerHandle } from '../../../client/clock.ts';
import {
  RuntimeNotFoundError,
  type ContainerConfig, type ContainerEvent, type ContainerEventType, type ContainerFilter, type ContainerRuntime, type ContainerStatus,
  type ContainerSummary, type ImageInfo, type ImageSpec, type PodSandboxConfig, type PodSandboxFilter, type PodSandboxStatus,
  type ExecRequest, type ExecSession, type ExecSyncResult, type HandlerOutcome, type HandlerRequest, type ProbeTarget, type RuntimeCondition, type VersionInfo,
} from '../types.ts';
import { CidrAllocator } from './cidr.ts';
import { fakeExec } from './exec.ts';
import { FAKE_LOG_EVERY_SECONDS_ANNOTATION, FakeLog } from './log.ts';
import { FAKE_PROBE_FAIL_ANNOTATION, fakeHandlerFails, fakeWorkload } from './workload.ts';

export const FAKE_RUNTIME_NAME = 'fake';
export const FAKE_RUNTIME_VERSION = '0.1';

export interface FakeRuntimeOptions {
  clock: Clock;
  /** Where pod IPs come from until updateRuntimeConfig gives the node's pod CIDR. */
  fallbackPodCidr: string;
  /** Container and sandbox IDs; random 64-hex by default. */
  newId?: () => string;
  /** Where containers' CRI logs go (<dir>/<ns>_<name>_<uid>/<container>/<attempt>.log, as runc); absent writes none. */
  logDir?: string;
}

interface Sandbox {
  status: PodSandboxStatus;
  config: PodSandboxConfig;
}

interface Container {
  status: ContainerStatus;
  podSandboxId: string;
  config: ContainerConfig;
  sandboxConfig: PodSandboxConfig;
  exitTimer?: TimerHandle;
  log?: FakeLog;
}

export class FakeRuntime implements ContainerRuntime {
  readonly #clock: Clock;
  readonly #newId: () => string;
  readonly #logDir: string | undefined;
  readonly #sandboxes = new Map<string, Sandbox>();
  readonly #containers = new Map<string, Container>();
  readonly #images = new Map<string, ImageInfo>();
  readonly #listeners = new Set<(e: ContainerEvent) => void>();
  #ipam: CidrAllocator;
  /** Addresses handed out, with the allocator that owns each (the CIDR may change under them). */
  readonly #leases = new Map<string, CidrAllocator>();

  constructor(options: FakeRuntimeOptions) {
    this.#clock = options.clock;
    this.#newId = options.newId ?? (() => randomBytes(32).toString('hex'));
    this.#logDir = options.logDir;
    this.#ipam = new CidrAllocator(options.fallbackPodCidr);
  }

  async version(): Promise<VersionInfo> {
    return { runtimeName: FAKE_RUNTIME_NAME, runtimeVersion: FAKE_RUNTIME_VERSION, runtimeApiVersion: 'v1' };
  }

  async status(): Promise<RuntimeCondition[]> {
    return [
      { type: 'RuntimeReady', status: true, reason: '', message: '' },
      { type: 'NetworkReady', status: true, reason: '', message: '' },
    ];
  }

  async updateRuntimeConfig(config: { podCidr: string }): Promise<void> {
    if (config.podCidr && new CidrAllocator(config.podCidr).cidr !== this.#ipam.cidr) this.#ipam = new CidrAllocator(config.podCidr);
  }

  get podCidr(): string {
    return this.#ipam.cidr;
  }

  async runPodSandbox(config: PodSandboxConfig): Promise<string> {
    const id = this.#newId();
    const network = config.hostNetwork ? undefined : { ip: this.#allocateIp(), additionalIps: [] };
    const status: PodSandboxStatus = {
      id, metadata: { ...config.metadata }, state: 'SANDBOX_READY', createdAt: this.#clock.now(),
      labels: { ...config.labels }, annotations: { ...config.annotations }, ...(network ? { network } : {}),
    };
    this.#sandboxes.set(id, { status, config });
    return id;
  }

  async stopPodSandbox(id: string): Promise<void> {
    const sandbox = this.#sandboxes.get(id);
    if (!sandbox) return;
    for (const c of this.#containers.values()) if (c.podSandboxId === id) this.#exit(c, 0, 'Completed');
    sandbox.status.state = 'SANDBOX_NOTREADY';
    this.#releaseIp(sandbox.status.network?.ip);
  }

  async removePodSandbox(id: string): Promise<void> {
    const sandbox = this.#sandboxes.get(id);
    if (!sandbox) return;
    await this.stopPodSandbox(id);
    for (const [cid, c] of this.#containers) if (c.podSandboxId === id) await this.removeContainer(cid);
    this.#sandboxes.delete(id);
    // The pod's logs go with its last sandbox, as the runc runtime's do.
    const m = sandbox.config.metadata;
    if (this.#logDir && ![...this.#sandboxes.values()].some((s) => s.config.metadata.uid === m.uid)) {
      await rm(join(this.#logDir, `${m.namespace}_${m.name}_${m.uid}`), { recursive: true, force: true });
    }
  }

  async podSandboxStatus(id: string): Promise<PodSandboxStatus> {
    const sandbox = this.#sandboxes.get(id);
    if (!sandbox) throw new RuntimeNotFoundError('sandbox', id);
    return structuredClone(sandbox.status);
  }

  async listPodSandbox(filter: PodSandboxFilter = {}): Promise<PodSandboxStatus[]> {
    return [...this.#sandboxes.values()]
      .map((s) => s.status)
      .filter((s) => (!filter.id || s.id === filter.id) && (!filter.state || s.state === filter.state) && matchLabels(s.labels, filter.labelSelector))
      .map((s) => structuredClone(s));
  }

  async createContainer(podSandboxId: string, config: ContainerConfig, sandboxConfig: PodSandboxConfig): Promise<string> {
    const sandbox = this.#sandboxes.get(podSandboxId);
    if (!sandbox) throw new RuntimeNotFoundError('sandbox', podSandboxId);
    if (sandbox.status.state !== 'SANDBOX_READY') throw new Error(`sandbox ${podSandboxId} is not ready`);
    const id = this.#newId();
    const status: ContainerStatus = {
      id, metadata: { ...config.metadata }, state: 'CONTAINER_CREATED', createdAt: this.#clock.now(), startedAt: 0, finishedAt: 0, exitCode: 0,
      image: { ...config.image }, imageRef: imageId(config.image.image), reason: '', message: '', labels: { ...config.labels }, annotations: { ...config.annotations },
    };
    const m = sandboxConfig.metadata;
    const log = this.#logDir === undefined ? undefined
      : new FakeLog(join(this.#logDir, `${m.namespace}_${m.name}_${m.uid}`, config.metadata.name, `${config.metadata.attempt}.log`), this.#clock, sandboxConfig.annotations[FAKE_LOG_EVERY_SECONDS_ANNOTATION]);
    if (log) status.logPath = log.path;
    this.#containers.set(id, { status, podSandboxId, config, sandboxConfig, log });
    this.#emit(this.#containers.get(id)!, 'CONTAINER_CREATED_EVENT');
    return id;
  }

  async startContainer(id: string): Promise<void> {
    const c = this.#container(id);
    if (c.status.state !== 'CONTAINER_CREATED') throw new Error(`container ${id} is ${c.status.state}, not created`);
    c.status.state = 'CONTAINER_RUNNING';
    c.status.startedAt = this.#clock.now();
    c.log?.start(c.config.metadata.name);
    this.#emit(c, 'CONTAINER_STARTED_EVENT');
    const workload = fakeWorkload(c.sandboxConfig, c.config);
    if (workload.runMs !== undefined) {
      c.exitTimer = this.#clock.setTimeout(() => this.#exit(c, workload.exitCode, workload.exitCode === 0 ? 'Completed' : 'Error'), workload.runMs);
    }
  }

  async stopContainer(id: string, _timeoutSeconds?: number): Promise<void> {
    // A fake process honours SIGTERM at once, so the grace period is never needed.
    this.#exit(this.#container(id), 0, 'Completed');
  }

  async removeContainer(id: string): Promise<void> {
    const c = this.#containers.get(id);
    if (!c) return;
    this.#exit(c, 0, 'Completed');
    this.#containers.delete(id);
    this.#emit(c, 'CONTAINER_DELETED_EVENT');
  }

  async containerStatus(id: string): Promise<ContainerStatus> {
    return structuredClone(this.#container(id).status);
  }

  async listContainers(filter: ContainerFilter = {}): Promise<ContainerSummary[]> {
    const out: ContainerSummary[] = [];
    for (const c of this.#containers.values()) {
      const s = c.status;
      if (filter.id && s.id !== filter.id) continue;
      if (filter.podSandboxId && c.podSandboxId !== filter.podSandboxId) continue;
      if (filter.state && s.state !== filter.state) continue;
      if (!matchLabels(s.labels, filter.labelSelector)) continue;
      out.push(structuredClone({
        id: s.id, podSandboxId: c.podSandboxId, metadata: s.metadata, image: s.image, imageRef: s.imageRef,
        state: s.state, createdAt: s.createdAt, labels: s.labels, annotations: s.annotations,
      }));
    }
    return out;
  }

  onContainerEvent(listener: (event: ContainerEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Hollow containers run nothing: every command "succeeds" at once with no output. */
  async execSync(id: string, _cmd: string[], _timeoutSeconds: number): Promise<ExecSyncResult> {
    const c = this.#container(id);
    if (c.status.state !== 'CONTAINER_RUNNING') throw new Error(`container ${id} is not running`);
    return { exitCode: 0, stdout: '', stderr: '' };
  }

  /** Echoes the command and its stdin (fake/exec.ts). */
  async exec(id: string, request: ExecRequest): Promise<ExecSession> {
    const c = this.#container(id);
    if (c.status.state !== 'CONTAINER_RUNNING') throw new Error(`container ${id} is not running`);
    return fakeExec(request);
  }

  /** Probes and hooks succeed unless the pod's kites.dev/fake-probe-fail annotation names their type. */
  readonly probeTarget: ProbeTarget = {
    run: async (request: HandlerRequest): Promise<HandlerOutcome> => {
      const c = this.#container(request.containerId);
      if (!fakeHandlerFails(c.sandboxConfig, request.purpose)) return { result: 'success', output: '' };
      return { result: 'failure', output: `${FAKE_PROBE_FAIL_ANNOTATION} says ${request.purpose} fails` };
    },
  };

  async pullImage(image: ImageSpec): Promise<string> {
    const id = imageId(image.image);
    if (!this.#images.has(image.image)) this.#images.set(image.image, { id, repoTags: [image.image], repoDigests: [], size: 0 });
    return id;
  }

  async listImages(): Promise<ImageInfo[]> {
    return [...this.#images.values()].map((i) => structuredClone(i));
  }

  async imageStatus(image: ImageSpec): Promise<ImageInfo | undefined> {
    const info = this.#images.get(image.image);
    return info && structuredClone(info);
  }

  async removeImage(image: ImageSpec): Promise<void> {
    this.#images.delete(image.image);
  }

  async close(): Promise<void> {
    for (const c of this.#containers.values()) {
      if (c.exitTimer !== undefined) this.#clock.clearTimeout(c.exitTimer);
      c.log?.close();
    }
    this.#listeners.clear();
  }

  #container(id: string): Container {
    const c = this.#containers.get(id);
    if (!c) throw new RuntimeNotFoundError('container', id);
    return c;
  }

  /** Moves a container to exited (once); a container that never started exits without a start time. */
  #exit(c: Container, exitCode: number, reason: string): void {
    if (c.exitTimer !== undefined) this.#clock.clearTimeout(c.exitTimer);
    c.exitTimer = undefined;
    if (c.status.state === 'CONTAINER_EXITED') return;
    if (c.status.state === 'CONTAINER_RUNNING') c.log?.stop(c.config.metadata.name, exitCode);
    c.status.state = 'CONTAINER_EXITED';
    c.status.finishedAt = this.#clock.now();
    c.status.exitCode = exitCode;
    c.status.reason = reason;
    this.#emit(c, 'CONTAINER_STOPPED_EVENT');
  }

  #emit(c: Container, type: ContainerEventType): void {
    const labels = this.#sandboxes.get(c.podSandboxId)?.status.labels ?? {};
    const event: ContainerEvent = { containerId: c.status.id, podSandboxId: c.podSandboxId, type, createdAt: this.#clock.now(), labels: { ...labels } };
    for (const listener of this.#listeners) listener(event);
  }

  #allocateIp(): string {
    const ip = this.#ipam.allocate();
    this.#leases.set(ip, this.#ipam);
    return ip;
  }

  #releaseIp(ip: string | undefined): void {
    if (!ip) return;
    this.#leases.get(ip)?.release(ip);
    this.#leases.delete(ip);
  }
}

function matchLabels(labels: Record<string, string>, selector: Record<string, string> | undefined): boolean {
  return Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
}

/** A stable fake digest per image name, so imageID stays the same across pulls. */
function imageId(image: string): string {
  return `sha256:${createHash('sha256').update(image).digest('hex')}`;
}
