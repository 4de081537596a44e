// One step of a pod's life on the runtime (upstream's kuberuntime SyncPod, much reduced): make sure
// the pod has a ready sandbox and its volumes, kill containers a liveness or startup probe failed,
// run init containers one at a time, start the app containers, restart exited ones as the restart
// policy says (with CrashLoopBackOff: 10 s doubling to 5 min), then read back what the runtime
// reports, with readiness from the probes. Stopping and removing are here too. Knows nothing of the API.
import type { Container, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { Clock } from '../../client/index.ts';
import type { ProbeManager } from '../probes/manager.ts';
import type { ContainerRuntime, ContainerStatus, PodSandboxStatus } from '../runtime/types.ts';
import type { VolumeManager } from '../volumes/manager.ts';
import { VolumeSetupError } from '../volumes/payloads.ts';
import { ContainerConfigError } from './env.ts';
import { gracePeriod, type ContainerLifecycle, type RecordEvent } from './lifecycle.ts';
import { POD_NAME_LABEL, POD_NAMESPACE_LABEL, POD_UID_LABEL, podIdentity, sandboxConfig } from './runtime-config.ts';
import type { ContainerView, PodView } from './status.ts';

const BACKOFF_INITIAL_MS = 10_000;
const BACKOFF_MAX_MS = 300_000;
/** How soon a pod whose volumes or container config could not be set up is tried again. */
const SETUP_RETRY_MS = 5_000;

export interface SyncResult {
  view: PodView;
  /** When a back-off ends and the pod should be looked at again. */
  requeueAfter?: number;
}

interface BackOff {
  delayMs: number;
  until: number;
}

export interface PodRuntimeSyncOptions {
  runtime: ContainerRuntime;
  clock: Clock;
  lifecycle: ContainerLifecycle;
  volumes: VolumeManager;
  probes: ProbeManager;
  recordEvent: RecordEvent;
  /** The node's address (a host-network pod's IP). */
  hostIP: string;
}

type Waiting = Map<string, ContainerView['waiting']>;

export class PodRuntimeSync {
  readonly #o: PodRuntimeSyncOptions;
  readonly #runtime: ContainerRuntime;
  /** Crash-loop back-off per "podUID/container". */
  readonly #backOff = new Map<string, BackOff>();

  constructor(options: PodRuntimeSyncOptions) {
    this.#o = options;
    this.#runtime = options.runtime;
  }

  /** Moves the pod one step toward running everything its spec asks, and reports where it stands. */
  async sync(pod: Pod): Promise<SyncResult> {
    const { uid } = podIdentity(pod);
    const sandbox = await this.#ensureSandbox(pod);
    const podIP = pod.spec?.hostNetwork ? this.#o.hostIP : sandbox.network?.ip ?? '';
    const waiting: Waiting = new Map();
    let requeueAfter: number | undefined;
    const retryIn = (ms: number) => (requeueAfter = Math.min(requeueAfter ?? Infinity, ms));
    let volumePaths: Map<string, string>;
    try {
      volumePaths = await this.#o.volumes.setUp(pod, { podIPs: podIP ? [podIP] : [], hostIPs: [this.#o.hostIP] });
    } catch (err) {
      if (!(err instanceof VolumeSetupError)) throw err;
      this.#o.recordEvent(pod, 'Warning', 'FailedMount', err.message);
      return { view: await this.view(pod, waiting), requeueAfter: SETUP_RETRY_MS };
    }
    let byName = await this.#containersByName(sandbox.id);
    if (await this.#killProbeFailures(pod, byName, podIP)) byName = await this.#containersByName(sandbox.id);
    const start = async (c: Container, attempt: number, init: boolean) => {
      try {
        await this.#o.lifecycle.start(pod, sandbox.id, c, attempt, init, podIP, volumePaths);
      } catch (err) {
        if (!(err instanceof ContainerConfigError || err instanceof VolumeSetupError)) throw err;
        waiting.set(c.name, { reason: 'CreateContainerConfigError', message: err.message });
        this.#o.recordEvent(pod, 'Warning', 'Failed', `Error: ${err.message}`);
        retryIn(SETUP_RETRY_MS);
      }
    };
    const restart = async (c: Container, init: boolean, instances: ContainerStatus[]) => {
      const key = `${uid}/${c.name}`;
      const now = this.#o.clock.now();
      const b = this.#backOff.get(key);
      if (b && now < b.until) {
        const p = podIdentity(pod);
        waiting.set(c.name, { reason: 'CrashLoopBackOff', message: `back-off ${b.delayMs / 1000}s restarting failed container=${c.name} pod=${p.name}_${p.namespace}(${p.uid})` });
        retryIn(b.until - now);
        return;
      }
      const delayMs = b ? Math.min(b.delayMs * 2, BACKOFF_MAX_MS) : BACKOFF_INITIAL_MS;
      this.#backOff.set(key, { delayMs, until: now + delayMs });
      await start(c, instances[0]!.metadata.attempt + 1, init);
      // Keep the instance that just exited (it is the status's lastState); older ones go.
      for (const old of instances.slice(1)) await this.#runtime.removeContainer(old.id);
    };
    const policy = pod.spec?.restartPolicy ?? 'Always';
    let initDone = true;
    for (const c of pod.spec?.initContainers ?? []) {
      const instances = byName.get(c.name) ?? [];
      const latest = instances[0];
      if (!latest) {
        await start(c, 0, true);
        initDone = false;
        break;
      }
      if (latest.state !== 'CONTAINER_EXITED') {
        initDone = false;
        break;
      }
      if (latest.exitCode === 0) continue;
      initDone = false;
      if (policy !== 'Never') await restart(c, true, instances);
      break;
    }
    // Once an app container has started, the pod was initialized; init containers do not run again.
    const appStarted = (pod.spec?.containers ?? []).some((c) => byName.has(c.name));
    if (initDone || appStarted) {
      for (const c of pod.spec?.containers ?? []) {
        const instances = byName.get(c.name) ?? [];
        const latest = instances[0];
        if (!latest) await start(c, 0, false);
        else if (latest.state === 'CONTAINER_EXITED' && shouldRestart(policy, latest.exitCode)) await restart(c, false, instances);
      }
    }
    const view = await this.view(pod, waiting);
    this.#o.probes.sync(pod, podIP, view.containers.flatMap((v) => (v.current ? [{ name: v.name, id: v.current.id, running: v.current.state === 'CONTAINER_RUNNING', startedAt: v.current.startedAt }] : [])));
    for (const v of view.containers) if (v.current) Object.assign(v, this.#o.probes.status(pod, v.name, v.current.id));
    return { view, ...(requeueAfter !== undefined ? { requeueAfter } : {}) };
  }

  /** What the runtime holds for this pod, as the status computation wants it. */
  async view(pod: Pod, waiting: Waiting = new Map()): Promise<PodView> {
    const sandbox = (await this.#sandboxes({ [POD_UID_LABEL]: podIdentity(pod).uid }))[0];
    const byName = sandbox ? await this.#containersByName(sandbox.id) : new Map<string, ContainerStatus[]>();
    const toView = (c: Container): ContainerView => {
      const [current, previous] = byName.get(c.name) ?? [];
      const w = waiting.get(c.name);
      return { name: c.name, image: c.image ?? '', ...(current ? { current } : {}), ...(previous ? { previous } : {}), ...(w ? { waiting: w } : {}) };
    };
    return {
      ...(sandbox ? { sandbox } : {}),
      init: (pod.spec?.initContainers ?? []).map(toView),
      containers: (pod.spec?.containers ?? []).map(toView),
    };
  }

  /**
   * Stops the pod's containers and sandbox (the network goes with it); exited containers are kept for
   * status. With the pod, running containers get their preStop hooks and `gracePeriodSeconds`, in parallel.
   */
  async stopPod(uid: string, gracePeriodSeconds: number, pod?: Pod): Promise<void> {
    this.#o.probes.removePod(uid);
    for (const s of await this.#sandboxes({ [POD_UID_LABEL]: uid })) {
      const running = (await this.#runtime.listContainers({ podSandboxId: s.id })).filter((c) => c.state !== 'CONTAINER_EXITED');
      await Promise.all(running.map((c) => {
        if (!pod) return this.#runtime.stopContainer(c.id, gracePeriodSeconds);
        const spec = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((x) => x.name === c.metadata.name);
        return this.#o.lifecycle.kill(pod, spec, c.id, s.network?.ip ?? this.#o.hostIP, gracePeriodSeconds, `Stopping container ${c.metadata.name}`);
      }));
      if (s.state === 'SANDBOX_READY') await this.#runtime.stopPodSandbox(s.id);
    }
  }

  /** Removes every sandbox (and the volumes) of pod namespace/name, or only those whose uid is not `keepUid`. */
  async removePods(namespace: string, name: string, keepUid?: string): Promise<void> {
    for (const s of await this.#sandboxes({ [POD_NAMESPACE_LABEL]: namespace, [POD_NAME_LABEL]: name })) {
      const uid = s.labels[POD_UID_LABEL] ?? '';
      if (keepUid !== undefined && uid === keepUid) continue;
      this.#o.probes.removePod(uid);
      await this.#runtime.removePodSandbox(s.id);
      await this.#o.volumes.tearDown(uid);
      for (const key of this.#backOff.keys()) if (key.startsWith(`${uid}/`)) this.#backOff.delete(key);
    }
  }

  /** Kills running app containers whose liveness or startup probe failed; answers whether any was. */
  async #killProbeFailures(pod: Pod, byName: Map<string, ContainerStatus[]>, podIP: string): Promise<boolean> {
    let killed = false;
    const restart = (pod.spec?.restartPolicy ?? 'Always') !== 'Never';
    for (const c of pod.spec?.containers ?? []) {
      const current = byName.get(c.name)?.[0];
      if (current?.state !== 'CONTAINER_RUNNING') continue;
      const failed = this.#o.probes.failedProbe(pod, c.name, current.id);
      if (!failed) continue;
      const probe = failed === 'liveness' ? c.livenessProbe : c.startupProbe;
      const message = `Container ${c.name} failed ${failed} probe${restart ? ', will be restarted' : ''}`;
      await this.#o.lifecycle.kill(pod, c, current.id, podIP, probe?.terminationGracePeriodSeconds ?? gracePeriod(pod), message);
      killed = true;
    }
    return killed;
  }

  async #ensureSandbox(pod: Pod): Promise<PodSandboxStatus> {
    const sandboxes = await this.#sandboxes({ [POD_UID_LABEL]: podIdentity(pod).uid });
    const latest = sandboxes[0];
    if (latest?.state === 'SANDBOX_READY') return latest;
    // A sandbox that died takes its containers with it: start over in a new one (upstream does too).
    for (const old of sandboxes) await this.#runtime.removePodSandbox(old.id);
    const config = sandboxConfig(pod, latest ? latest.metadata.attempt + 1 : 0);
    for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
      const image = { image: c.image ?? '' };
      if (c.imagePullPolicy === 'Always' || !(await this.#runtime.imageStatus(image))) await this.#runtime.pullImage(image, config);
    }
    return this.#runtime.podSandboxStatus(await this.#runtime.runPodSandbox(config));
  }

  /** Newest first. */
  async #sandboxes(labelSelector: Record<string, string>): Promise<PodSandboxStatus[]> {
    return (await this.#runtime.listPodSandbox({ labelSelector })).sort((a, b) => b.metadata.attempt - a.metadata.attempt || b.createdAt - a.createdAt);
  }

  /** Each container name's instances in this sandbox, newest attempt first. */
  async #containersByName(sandboxId: string): Promise<Map<string, ContainerStatus[]>> {
    const out = new Map<string, ContainerStatus[]>();
    for (const c of await this.#runtime.listContainers({ podSandboxId: sandboxId })) {
      const list = out.get(c.metadata.name) ?? [];
      list.push(await this.#runtime.containerStatus(c.id));
      out.set(c.metadata.name, list);
    }
    for (const list of out.values()) list.sort((a, b) => b.metadata.attempt - a.metadata.attempt);
    return out;
  }
}

function shouldRestart(policy: string, exitCode: number): boolean {
  return policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
}
