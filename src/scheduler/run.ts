// kube-scheduler inside `kites server`: leader election on the Lease kube-system/kube-scheduler,
// then informers on pods and nodes feeding a Scheduler whose writes go through the API server.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import { EventRecorder, isNotFound, LeaderElector, realClock, SharedInformerFactory, type ApiClient, type Clock } from '../client/index.ts';
import type { Logger } from '../log/logger.ts';
import { defaultConfiguration, type SchedulerConfiguration } from './framework/config.ts';
import { Snapshot } from './framework/cache.ts';
import { validateProfiles } from './framework/framework.ts';
import { WaitingPods } from './framework/waiting-pods.ts';
import { staticListers } from './framework/listers.ts';
import { informerListers } from './informer-listers.ts';
import { inTreeRegistry, type PluginRegistry } from './plugins/registry.ts';
import { Scheduler, type SchedulerApi } from './scheduler.ts';

export interface RunSchedulerOptions {
  client: ApiClient;
  logger: Logger;
  config?: SchedulerConfiguration;
  registry?: PluginRegistry;
  clock?: Clock;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
}

/** SchedulerApi over the API server: pods/binding, pods/status and Events per profile. */
export function apiServerSchedulerApi(client: ApiClient, clock: Clock, logger: Logger): SchedulerApi {
  const pods = client.forKind<Pod>('', 'v1', 'Pod');
  const recorders = new Map<string, EventRecorder>();
  const recorder = (component: string) => {
    let r = recorders.get(component);
    if (!r) recorders.set(component, (r = new EventRecorder({ client, component, clock, logger })));
    return r;
  };
  return {
    async bind(pod, nodeName, signal) {
      await pods.inNamespace(pod.metadata!.namespace!).bind(pod.metadata!.name!, nodeName, { uid: pod.metadata?.uid, signal });
    },
    async patchPodStatus(pod, patch) {
      await pods.inNamespace(pod.metadata!.namespace!).patchStatus(pod.metadata!.name!, patch, 'strategic');
    },
    event: (component, pod, type, reason, message) => recorder(component).event(pod, type, reason, message),
    async deletePod(pod) {
      try {
        await pods.inNamespace(pod.metadata!.namespace!).delete(pod.metadata!.name!, { preconditions: { uid: pod.metadata?.uid } });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    },
  };
}

/** Throws if a profile names an unknown plugin or lacks a required extension point. */
export function checkConfiguration(config: SchedulerConfiguration, registry: PluginRegistry, clock: Clock, logger: Logger): void {
  const noWrites = () => Promise.reject(new Error('validation only'));
  const handle = {
    snapshot: () => new Snapshot(),
    bindPod: noWrites,
    clock,
    logger,
    listers: staticListers(),
    nominator: { nominatedPodsForNode: () => [], nominatedNodeOf: () => undefined },
    preemption: { preemptVictim: noWrites, clearNomination: noWrites },
    rejectWaitingPod: () => false,
  };
  validateProfiles(config.profiles, registry, handle, new WaitingPods(clock));
}

/** Runs until `signal` aborts; schedules only while holding the lease. */
export async function runScheduler(opts: RunSchedulerOptions, signal: AbortSignal): Promise<void> {
  const clock = opts.clock ?? realClock;
  const logger = opts.logger.with({ component: 'scheduler' });
  const config = opts.config ?? defaultConfiguration();
  const registry = opts.registry ?? inTreeRegistry;
  checkConfiguration(config, registry, clock, logger);
  const elector = new LeaderElector({
    client: opts.client,
    namespace: 'kube-system',
    name: 'kube-scheduler',
    identity: `${hostname()}_${randomUUID()}`,
    clock,
    logger,
    ...(opts.leaseDurationMs ? { leaseDurationMs: opts.leaseDurationMs } : {}),
    ...(opts.renewDeadlineMs ? { renewDeadlineMs: opts.renewDeadlineMs } : {}),
    ...(opts.retryPeriodMs ? { retryPeriodMs: opts.retryPeriodMs } : {}),
    onStartedLeading: async (leading) => {
      const informers = new SharedInformerFactory(opts.client, { clock, logger });
      let scheduler: Scheduler | undefined;
      const listers = informerListers(informers, (resource, type, o, n) => scheduler?.onObjectEvent(resource, type, o, n));
      scheduler = new Scheduler({ api: apiServerSchedulerApi(opts.client, clock, logger), config, registry, clock, logger, listers });
      const nodes = informers.informerForKind<Node>('', 'v1', 'Node');
      const pods = informers.informerForKind<Pod>('', 'v1', 'Pod');
      nodes.addEventHandler({ onAdd: (n) => scheduler.onNodeAdd(n), onUpdate: (o, n) => scheduler.onNodeUpdate(o, n), onDelete: (n) => scheduler.onNodeDelete(n) });
      pods.addEventHandler({ onAdd: (p) => scheduler.onPodAdd(p), onUpdate: (o, p) => scheduler.onPodUpdate(o, p), onDelete: (p) => scheduler.onPodDelete(p) });
      informers.start(leading);
      // Pods and nodes must be cached before the first decision, or a full node could look empty.
      if (await informers.waitForSync(leading)) {
        logger.info('leading; scheduling', { profiles: [...scheduler.frameworks.keys()] });
        await scheduler.run(leading);
      }
      await informers.stopped();
    },
  });
  await elector.run(signal);
}
