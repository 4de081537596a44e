// The pod workers of one node: pods bound to it (spec.nodeName) come from a pod informer that may be
// shared by many hollow nodes (filtered here in memory); each pod's key goes through a work queue,
// which hands a key to one worker at a time, so every pod's sync is serialized. A sync reconciles
// the runtime with the pod and writes the status subresource only when it changed. Runtime events
// (a container exited) queue the pod again, like upstream's evented PLEG.
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { ControllerRunner, isConflict, isNotFound, objectKey, splitKey, type Clock, type EventRecorder, type Informer, type ReconcileResult, type ResourceClient } from '../../client/index.ts';
import type { Logger } from '../../log/logger.ts';
import { sameJSON } from '../json.ts';
import { ProbeManager } from '../probes/manager.ts';
import { NetworkProbeTarget } from '../probes/network.ts';
import type { ContainerRuntime } from '../runtime/types.ts';
import { VolumeManager } from '../volumes/manager.ts';
import { EMPTY_CONFIG_SOURCE, type ConfigSource } from '../volumes/source.ts';
import { ContainerLifecycle, gracePeriod, type RecordEvent } from './lifecycle.ts';
import { podKeyFromLabels } from './runtime-config.ts';
import { computePodStatus, statusUpToDate, type OwnedStatus } from './status.ts';
import { PodRuntimeSync } from './sync.ts';

/** upstream's --sync-frequency: how often a running pod with API-data volumes is synced again (their files follow the objects). */
export const DEFAULT_RESYNC_INTERVAL_MS = 60_000;

/** What the workers read pods from: an informer (narrowed, so tests can hand in a plain store). */
export type PodSource = Pick<Informer<Pod>, 'store' | 'addEventHandler' | 'waitForSync'>;

export interface PodWorkersOptions {
  nodeName: string;
  /** Pods bound to this node (and maybe others'); only this node's are acted on. */
  pods: PodSource;
  /** Pods across all namespaces, for status patches and the final delete. */
  podClient: ResourceClient<Pod>;
  runtime: ContainerRuntime;
  /** Prefix of container IDs (fake://…). */
  runtimeName: string;
  /** The node's InternalIP, reported as hostIP. */
  hostIP: string;
  /** ConfigMaps, Secrets, Services and tokens for env and volumes (none by default). */
  source?: ConfigSource;
  /** Where pod directories (volumes) go: the node's data dir + /pods. Pods with volumes need it. */
  podsDir?: string;
  /** The node's allocatable (resourceFieldRef limits default to it). */
  allocatable?: Record<string, string>;
  /** Mount tmpfs for emptyDir medium Memory (root only). */
  mountTmpfs?: boolean;
  /** Events about pods (Killing, Unhealthy, FailedMount…); none when absent. */
  recorder?: EventRecorder;
  resyncIntervalMs?: number;
  clock: Clock;
  logger: Logger;
  workers?: number;
}

export class PodWorkers {
  readonly #o: PodWorkersOptions;
  readonly #runner: ControllerRunner;
  readonly #sync: PodRuntimeSync;
  readonly #probes: ProbeManager;
  /** The last status written per pod key, with the pod's uid and the resourceVersion the write produced. */
  readonly #written = new Map<string, { uid: string; status: OwnedStatus; resourceVersion: string }>();
  /**
   * Uids of pods this node has reported Succeeded or Failed. The cache may still show them running
   * for a moment after the write; they must not be started again meanwhile.
   */
  readonly #finished = new Set<string>();

  constructor(options: PodWorkersOptions) {
    this.#o = options;
    const recordEvent: RecordEvent = (pod, type, reason, message) => {
      void options.recorder?.event({ apiVersion: 'v1', kind: 'Pod', metadata: pod.metadata }, type, reason, message);
    };
    const target = options.runtime.probeTarget ?? new NetworkProbeTarget(options.runtime);
    this.#probes = new ProbeManager({
      clock: options.clock, target, logger: options.logger, onChange: (p) => this.#runner.queue.add(objectKey(p)),
      onUnhealthy: (p, _container, message) => recordEvent(p, 'Warning', 'Unhealthy', message),
    });
    const source = options.source ?? EMPTY_CONFIG_SOURCE;
    const allocatable = options.allocatable ?? {};
    const volumes = new VolumeManager({ rootDir: options.podsDir, source, clock: options.clock, allocatable, mountTmpfs: options.mountTmpfs === true });
    const lifecycle = new ContainerLifecycle({ runtime: options.runtime, clock: options.clock, target, source, volumes, hostIP: options.hostIP, allocatable, recordEvent });
    this.#sync = new PodRuntimeSync({ runtime: options.runtime, clock: options.clock, lifecycle, volumes, probes: this.#probes, recordEvent, hostIP: options.hostIP });
    this.#runner = new ControllerRunner({
      name: 'pod-workers', workers: options.workers ?? 4, waitFor: [options.pods], clock: options.clock,
      logger: options.logger, reconcile: (key, signal) => this.reconcile(key, signal),
    });
    const mine = (p: Pod) => p.spec?.nodeName === options.nodeName;
    options.pods.addEventHandler({
      onAdd: (p) => mine(p) && this.#runner.enqueue(p),
      onUpdate: (o, n) => (mine(o) || mine(n)) && this.#runner.enqueue(n),
      onDelete: (p) => mine(p) && this.#runner.enqueue(p),
    });
    options.runtime.onContainerEvent((e) => {
      const key = podKeyFromLabels(e.labels);
      if (key) this.#runner.queue.add(key);
    });
  }

  async run(signal: AbortSignal): Promise<void> {
    try {
      await this.#runner.run(signal);
    } finally {
      this.#probes.close();
    }
  }

  /** Level-triggered: whatever happened, make the runtime and the pod's status agree with the pod. */
  async reconcile(key: string, signal?: AbortSignal): Promise<ReconcileResult> {
    const { namespace = 'default', name } = splitKey(key);
    const pod = this.#o.pods.store.get(key);
    if (!pod || pod.spec?.nodeName !== this.#o.nodeName) {
      // Gone from the API (or moved away): nothing of it may keep running here.
      await this.#sync.removePods(namespace, name);
      const uid = this.#written.get(key)?.uid;
      if (uid) this.#finished.delete(uid);
      this.#written.delete(key);
      return;
    }
    const uid = pod.metadata?.uid ?? '';
    await this.#sync.removePods(namespace, name, uid);
    if (pod.metadata?.deletionTimestamp) return this.#terminate(key, pod, signal);
    if (this.#finished.has(uid) || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') {
      // Terminal pods never run again; their sandbox (and address) is released.
      await this.#sync.stopPod(uid, 0);
      return;
    }
    const { view, requeueAfter } = await this.#sync.sync(pod);
    const status = computePodStatus(pod, view, { hostIP: this.#o.hostIP, runtimeName: this.#o.runtimeName, now: this.#o.clock.now() });
    await this.#writeStatus(key, pod, status, signal);
    if (status.phase === 'Succeeded' || status.phase === 'Failed') {
      this.#finished.add(uid);
      await this.#sync.stopPod(uid, 0);
      return;
    }
    // Files of configMap/secret/downwardAPI/projected volumes follow their objects on a periodic sync.
    const resync = (pod.spec?.volumes ?? []).some((v) => v.configMap || v.secret || v.downwardAPI || v.projected) ? this.#o.resyncIntervalMs ?? DEFAULT_RESYNC_INTERVAL_MS : undefined;
    const next = Math.min(requeueAfter ?? Infinity, resync ?? Infinity);
    return Number.isFinite(next) ? { requeueAfter: next } : undefined;
  }

  /**
   * A pod being deleted: stop it (preStop hooks, then the runtime's stop within the grace period),
   * write its final status (terminated containers, a terminal phase), then delete it with grace 0 —
   * what finally removes a pod bound to a node from the API server. The uid precondition keeps a
   * same-named successor safe.
   */
  async #terminate(key: string, pod: Pod, signal?: AbortSignal): Promise<void> {
    const uid = pod.metadata!.uid!;
    await this.#sync.stopPod(uid, gracePeriod(pod), pod);
    const view = await this.#sync.view(pod);
    if (view.sandbox) {
      const status = computePodStatus(pod, view, { hostIP: this.#o.hostIP, runtimeName: this.#o.runtimeName, now: this.#o.clock.now(), terminal: true });
      try {
        await this.#writeStatus(key, pod, status, signal);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    try {
      await this.#o.podClient.inNamespace(pod.metadata!.namespace!).delete(pod.metadata!.name!, { gracePeriodSeconds: 0, preconditions: { uid }, signal });
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
    this.#written.delete(key);
    this.#finished.delete(uid);
  }

  async #writeStatus(key: string, pod: Pod, status: OwnedStatus, signal?: AbortSignal): Promise<void> {
    if (statusUpToDate(pod, status)) return;
    const uid = pod.metadata!.uid!;
    const last = this.#written.get(key);
    // The cache may not have caught up with our last write yet; writing the same again is noise.
    if (last?.uid === uid && sameJSON(last.status, status) && olderOrSame(pod.metadata?.resourceVersion, last.resourceVersion)) return;
    const written = await this.#o.podClient.inNamespace(pod.metadata!.namespace!).patchStatus(pod.metadata!.name!, { status }, 'merge', { signal });
    this.#written.set(key, { uid, status, resourceVersion: written.metadata?.resourceVersion ?? '' });
    this.#o.logger.debug('pod status written', { pod: `${pod.metadata!.namespace}/${pod.metadata!.name}`, phase: status.phase });
  }
}

/** kites resourceVersions are revisions; an unparsable one counts as not older (so we write). */
function olderOrSame(cached: string | undefined, written: string): boolean {
  if (!cached || !/^\d+$/.test(cached) || !/^\d+$/.test(written)) return false;
  return BigInt(cached) <= BigInt(written);
}
