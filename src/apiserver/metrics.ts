// The API server's Prometheus metrics (/metrics): requests by verb, resource and code, and latency.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class ApiMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'kites_apiserver_request_total',
    help: 'API requests by verb, group, resource, subresource and HTTP code.',
    labelNames: ['verb', 'group', 'resource', 'subresource', 'code'] as const,
    registers: [this.registry],
  });
  readonly latency = new Histogram({
    name: 'kites_apiserver_request_duration_seconds',
    help: 'API request latency by verb and resource (watches excluded).',
    labelNames: ['verb', 'group', 'resource'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'kites_' });
  }
}

/** Upstream's verb names: list/watch/deletecollection are told apart from get/delete. */
export function verbOf(method: string, named: boolean, watch: boolean): string {
  if (watch) return 'WATCH';
  if (method === 'GET') return named ? 'GET' : 'LIST';
  if (method === 'DELETE' && !named) return 'DELETECOLLECTION';
  return method;
}
