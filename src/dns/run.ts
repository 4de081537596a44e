// Cluster DNS inside `kites server`: informers on namespaces, services, EndpointSlices and pods, then
// the listeners. The service IP (10.43.0.10) only exists once node networking routes it, so a failed
// bind is a warning and a retry, not a failed server.
import { readFile } from 'node:fs/promises';
import { realClock, SharedInformerFactory, sleep, type ApiClient, type Clock } from '../client/index.ts';
import type { Logger } from '../log/logger.ts';
import { Forwarder, upstreamsFromResolvConf, type Upstream } from './forwarder.ts';
import { answerQuery } from './handler.ts';
import { normalizeName } from './names.ts';
import { DnsServer } from './server.ts';
import { informerClusterView } from './view.ts';

export interface ClusterDnsOptions {
  client: ApiClient;
  logger: Logger;
  /** Listen address; default 10.43.0.10, the cluster DNS service IP. */
  address?: string;
  port?: number;
  /** Default cluster.local. */
  domain?: string;
  /** false: answer only cluster names (others REFUSED). */
  forward?: boolean;
  /** Upstreams to forward to; default the nameservers of `resolvConf`. */
  upstreams?: Upstream[];
  resolvConf?: string;
  /** Nameservers in these ranges are skipped (the cluster's own DNS would loop). */
  serviceCIDRs?: string[];
  clock?: Clock;
  bindRetryMs?: number;
}

export const DEFAULT_CLUSTER_DNS = '10.43.0.10';
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

/** Serves until `signal` aborts. */
export async function runClusterDns(options: ClusterDnsOptions, signal: AbortSignal): Promise<void> {
  const clock = options.clock ?? realClock;
  const logger = options.logger.with({ component: 'cluster-dns' });
  const address = options.address ?? DEFAULT_CLUSTER_DNS;
  const forwarder = options.forward === false ? undefined : new Forwarder({ upstreams: options.upstreams ?? (await resolvConfUpstreams(options, logger)), clock });
  const factory = new SharedInformerFactory(options.client, { logger, clock });
  const view = informerClusterView(factory, clock);
  factory.start(signal);
  await factory.waitForSync(signal);
  if (signal.aborted) return;
  const zone = { domain: normalizeName(options.domain ?? DEFAULT_CLUSTER_DOMAIN), dnsIP: address };
  const server = new DnsServer({ address, port: options.port ?? 53, logger, answer: (message, transport) => answerQuery({ view, zone, forwarder, logger }, message, transport) });
  let lastError = '';
  while (!signal.aborted) {
    try {
      const port = await server.listen();
      logger.info('cluster DNS listening', { address, port, domain: zone.domain, upstreams: forwarder?.upstreams.map((u) => `${u.host}:${u.port}`) ?? 'none' });
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      await server.close();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      if (code !== lastError) {
        const why = code === 'EADDRNOTAVAIL' ? 'the address is not on this host yet (node networking adds it)' : code === 'EACCES' ? 'binding port 53 needs root or CAP_NET_BIND_SERVICE' : String(err);
        logger.warn('cluster DNS cannot listen yet; retrying', { address, port: options.port ?? 53, reason: why, retryMs: options.bindRetryMs ?? 5000 });
        lastError = code;
      }
      await sleep(clock, options.bindRetryMs ?? 5000, signal);
    }
  }
  await factory.stopped();
}

async function resolvConfUpstreams(options: ClusterDnsOptions, logger: Logger): Promise<Upstream[]> {
  const path = options.resolvConf ?? '/etc/resolv.conf';
  const text = await readFile(path, 'utf8').catch(() => '');
  const upstreams = upstreamsFromResolvConf(text, options.serviceCIDRs ?? ['10.43.0.0/16']);
  if (upstreams.length === 0) logger.warn('no usable nameserver to forward to; names outside the cluster will get SERVFAIL', { resolvConf: path });
  return upstreams;
}
