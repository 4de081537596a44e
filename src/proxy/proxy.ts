// kites' kube-proxy: watches Services and EndpointSlices and keeps `table ip kites` in step. Events
// only mark the rules dirty; one loop syncs, at most once per minimum interval, so a burst of
// changes costs one transaction. The table is removed when the proxy stops cleanly.
import type { Service } from 'kubernetes-types/core/v1.d.ts';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.d.ts';
import { Backoff, SharedInformerFactory, realClock, sleep, type ApiClient, type Clock } from '../client/index.ts';
import type { Logger } from '../log/logger.ts';
import { ProxyMetrics } from './metrics.ts';
import { execNft, NftMissingError, type NftRunner } from './nft.ts';
import { Proxier } from './proxier.ts';

/** The cluster's pod range (docs/services.md): sources outside it are masqueraded on external paths. */
export const DEFAULT_POD_CIDR = '10.42.0.0/16';

export interface ProxyOptions {
  client: ApiClient;
  nodeName: string;
  /** The node's IPv4 addresses, where node ports answer. */
  nodeIPs: string[];
  logger: Logger;
  /** Program the rules inside this named network namespace (tests; a node kept in a netns). */
  netns?: string;
  podCidr?: string;
  /** How rules reach the kernel; `nft -f -` (in `netns`) by default. */
  nft?: NftRunner;
  clock?: Clock;
  metrics?: ProxyMetrics;
  /** Changes arriving closer together than this are applied together (kube-proxy's minSyncPeriod). */
  minSyncIntervalMs?: number;
}

/** Runs until `signal` aborts, then removes the table. Rejects at once when nft is missing. */
export async function runProxy(options: ProxyOptions, signal: AbortSignal): Promise<void> {
  const clock = options.clock ?? realClock;
  const logger = options.logger.with({ component: 'proxy' });
  const nft = options.nft ?? execNft({ netns: options.netns });
  const proxier = new Proxier({
    nft, nodeName: options.nodeName, clock, logger, metrics: options.metrics ?? new ProxyMetrics(),
    config: { podCidr: options.podCidr ?? DEFAULT_POD_CIDR, nodeIPs: options.nodeIPs },
  });
  const informers = new SharedInformerFactory(options.client, { clock, logger });
  const services = informers.informerForKind<Service>('', 'v1', 'Service');
  const slices = informers.informerForKind<EndpointSlice>('discovery.k8s.io', 'v1', 'EndpointSlice');
  let dirty = true;
  let wake: (() => void) | undefined;
  const markDirty = () => {
    dirty = true;
    wake?.();
  };
  const nextChange = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        signal.removeEventListener('abort', done);
        wake = undefined;
        resolve();
      };
      wake = done;
      signal.addEventListener('abort', done, { once: true });
    });
  for (const inf of [services, slices] as const) inf.addEventHandler({ onAdd: markDirty, onUpdate: markDirty, onDelete: markDirty });
  informers.start(signal);
  try {
    if (!(await informers.waitForSync(signal))) return;
    logger.info('service proxy started', { node: options.nodeName, nodeIPs: options.nodeIPs, netns: options.netns });
    const backoff = new Backoff();
    while (!signal.aborted) {
      if (!dirty) await nextChange();
      if (signal.aborted) break;
      dirty = false;
      try {
        await proxier.sync(services.store.list(), slices.store.list());
        backoff.reset();
        await sleep(clock, options.minSyncIntervalMs ?? 250, signal);
      } catch (err) {
        if (err instanceof NftMissingError) throw err;
        logger.error('proxy rule sync failed; retrying with a full sync', { err: String(err) });
        dirty = true;
        await sleep(clock, backoff.next(), signal);
      }
    }
  } finally {
    await proxier.cleanup().catch((err: unknown) => logger.warn('removing the proxy table failed', { err: String(err) }));
    await informers.stopped();
  }
}
