// The controller manager: one leader (elected on a Lease in kube-system) runs every registered
// controller over one shared informer factory; losing the lease stops them all.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { EventRecorder, LeaderElector, realClock, SharedInformerFactory, type ApiClient, type Clock } from '../client/index.ts';
import type { Logger } from '../log/logger.ts';
import { controllerFactories } from './registry.ts';
import { defaultControllerOptions, type ControllerContext, type ControllerOptions } from './types.ts';

export interface ControllerManagerOptions {
  client: ApiClient;
  logger: Logger;
  clock?: Clock;
  /** Names to run; default all registered. */
  controllers?: string[];
  options?: Partial<ControllerOptions>;
  /** Lease timings (upstream: 15 s lease, 10 s renew deadline, 2 s retry). */
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
}

/** Runs until `signal` aborts. */
export async function runControllerManager(opts: ControllerManagerOptions, signal: AbortSignal): Promise<void> {
  const clock = opts.clock ?? realClock;
  const logger = opts.logger.with({ component: 'controller-manager' });
  const names = opts.controllers ?? Object.keys(controllerFactories);
  for (const name of names) if (!controllerFactories[name]) throw new Error(`unknown controller "${name}"; known: ${Object.keys(controllerFactories).join(', ')}`);
  const elector = new LeaderElector({
    client: opts.client,
    namespace: 'kube-system',
    name: 'kites-controller-manager',
    identity: `${hostname()}_${randomUUID()}`,
    clock,
    logger,
    ...(opts.leaseDurationMs ? { leaseDurationMs: opts.leaseDurationMs } : {}),
    ...(opts.renewDeadlineMs ? { renewDeadlineMs: opts.renewDeadlineMs } : {}),
    ...(opts.retryPeriodMs ? { retryPeriodMs: opts.retryPeriodMs } : {}),
    onStartedLeading: async (leading) => {
      const informers = new SharedInformerFactory(opts.client, { clock, logger });
      const ctx: ControllerContext = {
        client: opts.client,
        informers,
        recorder: new EventRecorder({ client: opts.client, component: 'kites-controller-manager', clock, logger }),
        logger,
        clock,
        options: { ...defaultControllerOptions, ...opts.options },
      };
      const controllers = names.map((name) => controllerFactories[name]!(ctx));
      informers.start(leading);
      logger.info('leading; starting controllers', { controllers: names });
      await Promise.all(controllers.map((c) => c.run(leading).catch((err: unknown) => logger.error('controller stopped', { controller: c.name, err: String(err) }))));
      await informers.stopped();
    },
  });
  await elector.run(signal);
}
