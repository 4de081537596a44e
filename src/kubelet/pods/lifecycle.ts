// Starting and killing one container the way upstream's kuberuntime does
// (kuberuntime_container.go startContainer/killContainer, lifecycle/handlers.go): a start builds the
// config (env with valueFrom, volume mounts), creates and starts the container, then runs its
// postStart hook — a failing hook kills it again. A kill runs the preStop hook (exec, httpGet or
// sleep) within the grace period, then asks the runtime to stop the container with what is left
// (at least 2 s; SIGTERM then SIGKILL is the runtime's business).
import type { Container, LifecycleHandler, Pod } from 'kubernetes-types/core/v1.d.ts';
import { sleep, type Clock } from '../../client/index.ts';
import { HandlerError, resolveAction } from '../probes/actions.ts';
import type { ContainerRuntime, HandlerPurpose, ProbeTarget } from '../runtime/types.ts';
import type { VolumeManager } from '../volumes/manager.ts';
import type { ConfigSource } from '../volumes/source.ts';
import { containerEnv } from './env.ts';
import { containerConfig, podIdentity, sandboxConfig } from './runtime-config.ts';

/** upstream minimumGracePeriodInSeconds: containers always get this long to stop. */
export const MIN_GRACE_SECONDS = 2;
/** How long a postStart hook may take (upstream waits for it; kites bounds it). */
const POST_START_TIMEOUT_MS = 30_000;

export type RecordEvent = (pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string) => void;

export interface ContainerLifecycleOptions {
  runtime: ContainerRuntime;
  clock: Clock;
  target: ProbeTarget;
  source: ConfigSource;
  volumes: VolumeManager;
  hostIP: string;
  allocatable: Record<string, string>;
  recordEvent: RecordEvent;
}

export class ContainerLifecycle {
  readonly #o: ContainerLifecycleOptions;

  constructor(options: ContainerLifecycleOptions) {
    this.#o = options;
  }

  /**
   * Creates and starts one container. Throws ContainerConfigError (env) or VolumeSetupError (mounts)
   * before anything is created; the caller reports them as the container's waiting reason.
   */
  async start(pod: Pod, sandboxId: string, c: Container, attempt: number, init: boolean, podIP: string, volumePaths: Map<string, string>): Promise<void> {
    const { runtime } = this.#o;
    const envs = await containerEnv(pod, c, { source: this.#o.source, allocatable: this.#o.allocatable, podIPs: podIP ? [podIP] : [], hostIPs: [this.#o.hostIP] });
    const mounts = await this.#o.volumes.mounts(pod, c, volumePaths);
    const sandbox = await runtime.podSandboxStatus(sandboxId);
    const id = await runtime.createContainer(sandboxId, { ...containerConfig(pod, c, attempt, init), envs, mounts }, sandboxConfig(pod, sandbox.metadata.attempt));
    await runtime.startContainer(id);
    const hook = c.lifecycle?.postStart;
    if (!hook) return;
    const failure = await this.#runHook(pod, c, id, 'postStart', hook, podIP, POST_START_TIMEOUT_MS);
    if (failure === undefined) return;
    this.#o.recordEvent(pod, 'Warning', 'FailedPostStartHook', failure);
    await this.kill(pod, c, id, podIP, gracePeriod(pod), 'FailedPostStartHook', false);
  }

  /** preStop within the grace period, then the runtime's stop with what is left. */
  async kill(pod: Pod, c: Container | undefined, id: string, podIP: string, graceSeconds: number, message: string, runPreStop = true): Promise<void> {
    this.#o.recordEvent(pod, 'Normal', 'Killing', message);
    const startedAt = this.#o.clock.now();
    const hook = c?.lifecycle?.preStop;
    if (runPreStop && c && hook && graceSeconds > 0) {
      const failure = await this.#runHook(pod, c, id, 'preStop', hook, podIP, graceSeconds * 1000);
      if (failure !== undefined) this.#o.recordEvent(pod, 'Warning', 'FailedPreStopHook', failure);
    }
    const left = graceSeconds - Math.floor((this.#o.clock.now() - startedAt) / 1000);
    await this.#o.runtime.stopContainer(id, Math.max(left, MIN_GRACE_SECONDS));
  }

  /** Answers undefined on success, else upstream's failure message. Never runs longer than timeoutMs. */
  async #runHook(pod: Pod, c: Container, id: string, purpose: HandlerPurpose, hook: LifecycleHandler, podIP: string, timeoutMs: number): Promise<string | undefined> {
    const p = podIdentity(pod);
    const where = `for Container "${c.name}" in Pod "${p.name}_${p.namespace}(${p.uid})"`;
    if (hook.sleep) {
      await sleep(this.#o.clock, Math.min(hook.sleep.seconds * 1000, timeoutMs));
      return undefined;
    }
    const kind = hook.exec ? `Exec lifecycle hook (${JSON.stringify(hook.exec.command ?? [])})` : hook.httpGet ? `HTTP lifecycle hook (${hook.httpGet.path ?? ''})` : 'lifecycle hook';
    try {
      const action = resolveAction(hook, c, podIP);
      let timer: unknown;
      const timeout = new Promise<{ result: 'failure'; output: string }>((resolve) => {
        timer = this.#o.clock.setTimeout(() => resolve({ result: 'failure', output: `timed out after ${timeoutMs / 1000}s` }), timeoutMs);
      });
      const outcome = await Promise.race([this.#o.target.run({ containerId: id, purpose, action, timeoutMs }), timeout]);
      this.#o.clock.clearTimeout(timer);
      return outcome.result === 'success' ? undefined : `${kind} ${where} failed - error: ${outcome.output}`;
    } catch (err) {
      return `${kind} ${where} failed - error: ${err instanceof HandlerError || err instanceof Error ? err.message : String(err)}`;
    }
  }
}

/** The pod's grace period: a deletion's own wins over the spec's. */
export function gracePeriod(pod: Pod): number {
  return pod.metadata?.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
}
