// One step of a pod's life on the runtime (upstream's kuberuntime SyncPod, much reduced): make sure
// the pod has a ready sandbox, run init containers one at a time, start the app containers, restart
// exited ones as the restart policy says (with CrashLoopBackOff: 10 s doubling to 5 min), then read
// back what the runtime reports. Stopping and removing are here too. Knows nothing of the API.
import type { Container, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { Clock } from '../../client/index.ts';
import type { ContainerRuntime, ContainerStatus, PodSandboxStatus } from '../runtime/types.ts';
import { POD_NAME_LABEL, POD_NAMESPACE_LABEL, POD_UID_LABEL, containerConfig, podIdentity, sandboxConfig } from './runtime-config.ts';
import type { ContainerView, PodView } from './status.ts';

const BACKOFF_INITIAL_MS = 10_000;
const BACKOFF_MAX_MS = 300_000;

export interface SyncResult {
  view: PodView;
  /** When a back-off ends and the pod should be looked at again. */
  requeueAfter?: number;
}

interface BackOff {
  delayMs: number;
  until: number;
}

export class PodRuntimeSync {
  readonly #runtime: ContainerRuntime;
  readonly #clock: Clock;
  /** Crash-loop back-off per "podUID/container". */
  readonly #backOff = new Map<string, BackOff>();

  constructor(runtime: ContainerRuntime, clock: Clock) {
    this.#runtime = runtime;
    this.#clock = clock;
  }

  /** Moves the pod one step toward running everything its spec asks, and reports where it stands. */
  async sync(pod: Pod): Promise<SyncResult> {
    const { uid } = podIdentity(pod);
    const sandbox = await this.#ensureSandbox(pod);
    const byName = await this.#containersByName(sandbox.id);
    const waiting = new Map<string, ContainerView['waiting']>();
    let requeueAfter: number | undefined;
    const restart = async (c: Container, init: boolean, instances: ContainerStatus[]) => {
      const key = `${uid}/${c.name}`;
      const now = this.#clock.now();
      const b = this.#backOff.get(key);
      if (b && now < b.until) {
        const p = podIdentity(pod);
        waiting.set(c.name, { reason: 'CrashLoopBackOff', message: `back-off ${b.delayMs / 1000}s restarting failed container=${c.name} pod=${p.name}_${p.namespace}(${p.uid})` });
        requeueAfter = Math.min(requeueAfter ?? Infinity, b.until - now);
        return;
      }
      const delayMs = b ? Math.min(b.delayMs * 2, BACKOFF_MAX_MS) : BACKOFF_INITIAL_MS;
      this.#backOff.set(key, { delayMs, until: now + delayMs });
      await this.#start(pod, sandbox.id, c, instances[0]!.metadata.attempt + 1, init);
      // Keep the instance that just exited (it is the status's lastState); older ones go.
      for (const old of instances.slice(1)) await this.#runtime.removeContainer(old.id);
    };
    const policy = pod.spec?.restartPolicy ?? 'Always';
    let initDone = true;
    for (const c of pod.spec?.initContainers ?? []) {
      const instances = byName.get(c.name) ?? [];
      const latest = instances[0];
      if (!latest) {
        await this.#start(pod, sandbox.id, c, 0, true);
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
        if (!latest) await this.#start(pod, sandbox.id, c, 0, false);
        else if (latest.state === 'CONTAINER_EXITED' && shouldRestart(policy, latest.exitCode)) await restart(c, false, instances);
      }
    }
    const view = await this.view(pod, waiting);
    return { view, ...(requeueAfter !== undefined ? { requeueAfter } : {}) };
  }

  /** What the runtime holds for this pod, as the status computation wants it. */
  async view(pod: Pod, waiting = new Map<string, ContainerView['waiting']>()): Promise<PodView> {
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

  /** Stops the pod's containers and sandbox (the network goes with it); exited containers are kept for status. */
  async stopPod(uid: string, gracePeriodSeconds: number): Promise<void> {
    for (const s of await this.#sandboxes({ [POD_UID_LABEL]: uid })) {
      for (const c of await this.#runtime.listContainers({ podSandboxId: s.id })) {
        if (c.state !== 'CONTAINER_EXITED') await this.#runtime.stopContainer(c.id, gracePeriodSeconds);
      }
      if (s.state === 'SANDBOX_READY') await this.#runtime.stopPodSandbox(s.id);
    }
  }

  /** Removes every sandbox of pod namespace/name, or only those whose uid is not `keepUid`. */
  async removePods(namespace: string, name: string, keepUid?: string): Promise<void> {
    for (const s of await this.#sandboxes({ [POD_NAMESPACE_LABEL]: namespace, [POD_NAME_LABEL]: name })) {
      const uid = s.labels[POD_UID_LABEL];
      if (keepUid !== undefined && uid === keepUid) continue;
      await this.#runtime.removePodSandbox(s.id);
      for (const key of this.#backOff.keys()) if (key.startsWith(`${uid}/`)) this.#backOff.delete(key);
    }
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

  async #start(pod: Pod, sandboxId: string, c: Container, attempt: number, init: boolean): Promise<void> {
    const sandbox = await this.#runtime.podSandboxStatus(sandboxId);
    const config = sandboxConfig(pod, sandbox.metadata.attempt);
    const id = await this.#runtime.createContainer(sandboxId, containerConfig(pod, c, attempt, init), config);
    await this.#runtime.startContainer(id);
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
