// The service proxy's Prometheus metrics.
import { Histogram, Registry } from 'prom-client';

export class ProxyMetrics {
  readonly registry = new Registry();
  readonly syncDuration = new Histogram({
    name: 'kites_proxy_sync_duration_seconds',
    help: 'Time to compute the desired nftables rules and apply the changes, by kind of sync (full or partial).',
    labelNames: ['kind'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
}
