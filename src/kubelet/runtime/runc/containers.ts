// Containers as OCI bundles run by runc. create prepares the bundle (overlayfs root over the image
// layers, config.json with the container's limits); start launches the shim (shim.ts),
// which runs `runc run` in the foreground and records the exit; stop is SIGTERM, then SIGKILL after
// the grace period. An exit is noticed by polling the running containers' exit records, and OOM kills
// are read from the container's cgroup before it goes. Records on disk let a restarted agent adopt
// containers whose shims are still running.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, openSync, closeSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { sleep, type Clock } from '../../../client/clock.ts';
import type { Logger } from '../../../log/logger.ts';
import { run } from '../../cni/command.ts';
import {
  RuntimeNotFoundError, type ContainerConfig, type ExecRequest, type ExecSession, type ContainerEventType, type ContainerFilter, type ContainerStatus, type ContainerSummary, type PodSandboxConfig,
} from '../types.ts';
import type { Cgroups } from './cgroups.ts';
import type { ImageProvider } from './images.ts';
import { mountOverlay, unmountAll } from './mounts.ts';
import type { Sandboxes } from './sandboxes.ts';
import { runcExec } from './exec.ts';
import type { ExitRecord, ShimArgs } from './shim.ts';
import { ociSpec } from './spec.ts';
import { matchLabels, readJson, writeJson, type ContainerRecord } from './state.ts';
import { resolveUserInRootfs } from './user.ts';

const START_TIMEOUT_MS = 30_000;
const KILL_WAIT_MS = 10_000;

export interface ContainersOptions {
  dir: string;
  /** Pod log root: <podLogDir>/<ns>_<name>_<uid>/<container>/<restart>.log, as upstream's /var/log/pods. */
  podLogDir: string;
  runc: string;
  runcRoot: string;
  cgroups: Cgroups;
  images: ImageProvider;
  sandboxes: Sandboxes;
  clock: Clock;
  logger: Logger;
  emit: (c: ContainerRecord, type: ContainerEventType) => void;
}

export class Containers {
  readonly #o: ContainersOptions;
  readonly #records = new Map<string, ContainerRecord>();
  /** Exits being settled, so the poll timer and a waiting stop never settle one twice. */
  readonly #finishing = new Map<string, Promise<void>>();

  constructor(options: ContainersOptions) {
    this.#o = options;
  }

  /** Loads the records a previous agent left, and settles containers whose shim is gone. */
  async load(): Promise<void> {
    await mkdir(this.#o.dir, { recursive: true, mode: 0o700 });
    for (const id of await readdir(this.#o.dir)) {
      const r = await readJson<ContainerRecord>(join(this.#o.dir, id, 'container.json'));
      if (r) this.#records.set(id, r);
    }
    for (const r of this.#records.values()) {
      if (r.state !== 'CONTAINER_RUNNING' || existsSync(this.#path(r.id, 'exit.json'))) continue;
      if (r.shimPid && (await shimAlive(r.shimPid, r.id))) continue;
      // Nobody holds its output or will see it end: stop it rather than leave it unsupervised.
      await run([this.#o.runc, '--root', this.#o.runcRoot, 'kill', r.id, 'KILL']);
      await this.#finish(r, { exitCode: 137, finishedAt: this.#o.clock.now(), started: true }, 'the container\'s shim was lost, so the container was killed');
    }
  }

  async create(sandboxId: string, config: ContainerConfig, sandboxConfig: PodSandboxConfig): Promise<string> {
    const sandbox = this.#o.sandboxes.get(sandboxId);
    if (sandbox.state !== 'SANDBOX_READY') throw new Error(`sandbox ${sandboxId} is not ready`);
    const image = await this.#o.images.resolve(config.image.image);
    if (!image) throw new Error(`image ${config.image.image} is not present on this node`);
    const id = randomBytes(32).toString('hex');
    const dir = join(this.#o.dir, id);
    const m = sandboxConfig.metadata;
    const r: ContainerRecord = {
      id, sandboxId, metadata: { ...config.metadata }, image: { ...config.image }, imageRef: image.id,
      labels: { ...config.labels }, annotations: { ...config.annotations }, state: 'CONTAINER_CREATED', createdAt: this.#o.clock.now(),
      startedAt: 0, finishedAt: 0, exitCode: 0, reason: '', message: '',
      logPath: join(this.#o.podLogDir, `${m.namespace}_${m.name}_${m.uid}`, config.metadata.name, `${config.metadata.attempt}.log`),
    };
    await mkdir(dir, { recursive: true, mode: 0o700 });
    this.#records.set(id, r);
    await this.#save(r);
    try {
      const rootfs = await mountOverlay(dir, image.lowerdirs);
      const sc = config.linux?.securityContext ?? {};
      const user = await resolveUserInRootfs(rootfs, image.config.user, sc);
      const spec = ociSpec({ container: config, image: image.config, user, rootfs, sandbox: this.#o.sandboxes.paths(sandboxId), cgroupsPath: this.#o.cgroups.runcPath(id) });
      await writeJson(join(dir, 'config.json'), spec);
      await mkdir(dirname(r.logPath), { recursive: true, mode: 0o750 });
    } catch (err) {
      await this.remove(id).catch(() => undefined);
      throw err;
    }
    this.#o.emit(r, 'CONTAINER_CREATED_EVENT');
    return id;
  }

  /**
   * Starts the shim and returns once the process runs. A process that cannot start (no such
   * executable, say) leaves the container exited with reason StartError and exit code 128, as
   * containerd reports it, rather than failing the call.
   */
  async start(id: string): Promise<void> {
    const r = this.get(id);
    if (r.state !== 'CONTAINER_CREATED') throw new Error(`container ${id} is ${r.state}, not created`);
    const args: ShimArgs = {
      runc: this.#o.runc, runcRoot: this.#o.runcRoot, id, bundle: join(this.#o.dir, id), logPath: r.logPath,
      pidFile: this.#path(id, 'pid'), runcLog: this.#path(id, 'runc.log'), exitFile: this.#path(id, 'exit.json'),
    };
    const shimLog = openSync(this.#path(id, 'shim.log'), 'a');
    const shim = spawn(process.execPath, [...shimEntry(), JSON.stringify(args)], { detached: true, stdio: ['ignore', shimLog, shimLog], cwd: '/' });
    closeSync(shimLog);
    shim.unref();
    r.shimPid = shim.pid;
    const until = this.#o.clock.now() + START_TIMEOUT_MS;
    while (!existsSync(args.pidFile) && !existsSync(args.exitFile)) {
      if (this.#o.clock.now() > until) throw new Error(`container ${id} did not start within ${START_TIMEOUT_MS / 1000}s (see ${this.#path(id, 'shim.log')})`);
      await sleep(this.#o.clock, 20);
    }
    r.state = 'CONTAINER_RUNNING';
    r.startedAt = this.#o.clock.now();
    await this.#save(r);
    this.#o.emit(r, 'CONTAINER_STARTED_EVENT');
    await this.poll(id);
  }

  /** SIGTERM, then SIGKILL once `timeoutSeconds` have passed; returns when the container has exited. */
  async stop(id: string, timeoutSeconds: number): Promise<void> {
    const r = this.get(id);
    if (r.state === 'CONTAINER_CREATED') return this.#finish(r, { exitCode: 0, finishedAt: this.#o.clock.now(), started: false }, 'stopped before it started');
    if (r.state !== 'CONTAINER_RUNNING') return;
    const runc = (signal: string) => run([this.#o.runc, '--root', this.#o.runcRoot, 'kill', id, signal]);
    if (timeoutSeconds > 0) {
      await runc('TERM');
      if (await this.#waitExit(r, timeoutSeconds * 1000)) return;
    }
    await runc('KILL');
    if (!(await this.#waitExit(r, KILL_WAIT_MS))) throw new Error(`container ${id} did not exit after SIGKILL`);
  }

  async remove(id: string): Promise<void> {
    const r = this.#records.get(id);
    if (!r) return;
    if (r.state === 'CONTAINER_RUNNING') await this.stop(id, 0);
    await run([this.#o.runc, '--root', this.#o.runcRoot, 'delete', '--force', id]);
    await unmountAll(join(this.#o.dir, id));
    await this.#o.cgroups.remove(id);
    await rm(join(this.#o.dir, id), { recursive: true, force: true });
    this.#records.delete(id);
    this.#o.emit(r, 'CONTAINER_DELETED_EVENT');
  }

  /** Settles running containers (all, or one) whose shim has recorded an exit. */
  async poll(only?: string): Promise<void> {
    for (const r of [...this.#records.values()]) {
      if (r.state !== 'CONTAINER_RUNNING' || (only && r.id !== only)) continue;
      const exit = await readJson<ExitRecord>(this.#path(r.id, 'exit.json'));
      if (exit) await this.#finish(r, exit);
    }
  }

  /** Starts a command in the running container (exec.ts). */
  exec(id: string, request: ExecRequest): ExecSession {
    if (this.get(id).state !== 'CONTAINER_RUNNING') throw new Error(`container ${id} is not running`);
    return runcExec(this.#o.runc, this.#o.runcRoot, id, request);
  }

  get(id: string): ContainerRecord {
    const r = this.#records.get(id);
    if (!r) throw new RuntimeNotFoundError('container', id);
    return r;
  }

  status(id: string): ContainerStatus {
    const r = this.get(id);
    return structuredClone({
      id, metadata: r.metadata, state: r.state, createdAt: r.createdAt, startedAt: r.startedAt, finishedAt: r.finishedAt, exitCode: r.exitCode,
      image: r.image, imageRef: r.imageRef, reason: r.reason, message: r.message, labels: r.labels, annotations: r.annotations, logPath: r.logPath,
    });
  }

  list(filter: ContainerFilter = {}): ContainerSummary[] {
    return [...this.#records.values()]
      .filter((r) => (!filter.id || r.id === filter.id) && (!filter.podSandboxId || r.sandboxId === filter.podSandboxId)
        && (!filter.state || r.state === filter.state) && matchLabels(r.labels, filter.labelSelector))
      .map((r) => structuredClone({
        id: r.id, podSandboxId: r.sandboxId, metadata: r.metadata, image: r.image, imageRef: r.imageRef, state: r.state, createdAt: r.createdAt, labels: r.labels, annotations: r.annotations,
      }));
  }

  async #waitExit(r: ContainerRecord, ms: number): Promise<boolean> {
    const until = this.#o.clock.now() + ms;
    for (;;) {
      await this.poll(r.id);
      if (r.state === 'CONTAINER_EXITED') return true;
      if (this.#o.clock.now() >= until) return false;
      await sleep(this.#o.clock, 50);
    }
  }

  /** The container ended: why (OOM from our cgroup, StartError from runc's log), then release its cgroup and root. */
  #finish(r: ContainerRecord, exit: ExitRecord, message = ''): Promise<void> {
    if (r.state === 'CONTAINER_EXITED') return Promise.resolve();
    let p = this.#finishing.get(r.id);
    if (!p) {
      p = this.#settle(r, exit, message).finally(() => this.#finishing.delete(r.id));
      this.#finishing.set(r.id, p);
    }
    return p;
  }

  async #settle(r: ContainerRecord, exit: ExitRecord, message: string): Promise<void> {
    if (!exit.started && r.state === 'CONTAINER_RUNNING') {
      Object.assign(r, { exitCode: 128, reason: 'StartError', message: await runcError(this.#path(r.id, 'runc.log')) });
    } else {
      const oom = (await this.#o.cgroups.oomKills(r.id)) > 0;
      Object.assign(r, { exitCode: exit.exitCode, reason: oom ? 'OOMKilled' : exit.exitCode === 0 ? 'Completed' : 'Error', message });
    }
    r.state = 'CONTAINER_EXITED';
    r.finishedAt = exit.finishedAt;
    await run([this.#o.runc, '--root', this.#o.runcRoot, 'delete', '--force', r.id]);
    await this.#o.cgroups.remove(r.id);
    await unmountAll(join(this.#o.dir, r.id));
    await this.#save(r);
    this.#o.emit(r, 'CONTAINER_STOPPED_EVENT');
  }

  #path(id: string, name: string): string {
    return join(this.#o.dir, id, name);
  }

  async #save(r: ContainerRecord): Promise<void> {
    await writeJson(this.#path(r.id, 'container.json'), r);
  }
}

/** How to run shim.ts: compiled (dist) directly, from source through tsx (tests). */
function shimEntry(): string[] {
  const self = import.meta.url;
  if (self.endsWith('.ts')) return ['--import', import.meta.resolve('tsx'), new URL('./shim.ts', self).pathname];
  return [new URL('./shim.js', self).pathname];
}

/** Whether pid is still this container's shim (not a reused pid). */
async function shimAlive(pid: number, id: string): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  return cmdline.includes(id);
}

/** The last error runc logged (JSON lines), e.g. `exec: "nope": executable file not found in $PATH`. */
async function runcError(path: string): Promise<string> {
  const lines = (await readFile(path, 'utf8').catch(() => '')).split('\n').filter(Boolean);
  for (const line of lines.reverse()) {
    try {
      const entry = JSON.parse(line) as { level?: string; msg?: string };
      if (entry.level === 'error' && entry.msg) return entry.msg;
    } catch {
      // not JSON: skip
    }
  }
  return 'the container process could not be started';
}
