// The Endpoints controller: keeps one core/v1 Endpoints per selector Service (same name) listing the
// selected pods' addresses and ports. Services without a selector are left to whoever writes their
// Endpoints (like the API server for `kubernetes`); a deleted Service's Endpoints go with it.
import { isDeepStrictEqual } from 'node:util';
import type { Endpoints, Pod, Service } from 'kubernetes-types/core/v1.d.ts';
import { ControllerRunner, isNotFound, splitKey, type Controller, type ReadonlyStore } from '../../client/index.ts';
import type { ControllerContext } from '../types.ts';
import { isHeadless, podsForService, serviceSelector, servicesForPod } from './pods.ts';
import { desiredSubsets } from './subsets.ts';

export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
export const OVER_CAPACITY_ANNOTATION = 'endpoints.kubernetes.io/over-capacity';

export interface EndpointsWriter {
  create(endpoints: Endpoints): Promise<unknown>;
  update(endpoints: Endpoints): Promise<unknown>;
  delete(namespace: string, name: string): Promise<unknown>;
}

export interface EndpointsSyncerOptions {
  services: ReadonlyStore<Service>;
  pods: ReadonlyStore<Pod>;
  endpoints: ReadonlyStore<Endpoints>;
  writer: EndpointsWriter;
}

export class EndpointsSyncer {
  constructor(readonly o: EndpointsSyncerOptions) {}

  async sync(key: string): Promise<void> {
    const { namespace = '', name } = splitKey(key);
    const service = this.o.services.getByName(namespace, name);
    const current = this.o.endpoints.getByName(namespace, name);
    if (!service) {
      if (current) await this.o.writer.delete(namespace, name).catch(ignoreNotFound);
      return;
    }
    if (!serviceSelector(service)) return;
    const { subsets, truncated } = desiredSubsets(service, podsForService(this.o.pods, service));
    const labels: Record<string, string> = { ...service.metadata?.labels };
    if (isHeadless(service)) labels[HEADLESS_LABEL] = '';
    else delete labels[HEADLESS_LABEL];
    const annotations: Record<string, string> = { ...current?.metadata?.annotations };
    if (truncated) annotations[OVER_CAPACITY_ANNOTATION] = 'truncated';
    else delete annotations[OVER_CAPACITY_ANNOTATION];
    if (!current) {
      const metadata = { name, namespace, ...(Object.keys(labels).length ? { labels } : {}), ...(truncated ? { annotations } : {}) };
      await this.o.writer.create({ apiVersion: 'v1', kind: 'Endpoints', metadata, subsets });
      return;
    }
    const unchanged =
      isDeepStrictEqual(current.subsets ?? [], subsets) &&
      isDeepStrictEqual(current.metadata?.labels ?? {}, labels) &&
      isDeepStrictEqual(current.metadata?.annotations ?? {}, annotations);
    if (unchanged) return;
    const next = structuredClone(current) as Endpoints;
    next.metadata = { ...next.metadata, labels, annotations };
    next.subsets = subsets;
    await this.o.writer.update(next);
  }
}

function ignoreNotFound(err: unknown): void {
  if (!isNotFound(err)) throw err;
}

export function endpointsController(ctx: ControllerContext): Controller {
  const services = ctx.informers.informerForKind<Service>('', 'v1', 'Service');
  const pods = ctx.informers.informerForKind<Pod>('', 'v1', 'Pod');
  const endpoints = ctx.informers.informerForKind<Endpoints>('', 'v1', 'Endpoints');
  const client = ctx.client.forKind<Endpoints>('', 'v1', 'Endpoints');
  const syncer = new EndpointsSyncer({
    services: services.store,
    pods: pods.store,
    endpoints: endpoints.store,
    writer: { create: (e) => client.create(e), update: (e) => client.update(e), delete: (ns, name) => client.inNamespace(ns).delete(name) },
  });
  const runner = new ControllerRunner({ name: 'endpoints', workers: 5, waitFor: [services, pods, endpoints], clock: ctx.clock, logger: ctx.logger, reconcile: (key) => syncer.sync(key) });
  services.addEventHandler(runner.handlers());
  const enqueueServices = (...versions: Pod[]) => {
    for (const svc of servicesForPod(services.store, ...versions)) runner.enqueue(svc);
  };
  pods.addEventHandler({ onAdd: (p) => enqueueServices(p), onUpdate: (o, n) => enqueueServices(o, n), onDelete: (p) => enqueueServices(p) });
  // Someone deleting the Endpoints gets it rebuilt; updates are our own writes.
  endpoints.addEventHandler({ onDelete: (e) => runner.enqueue(e) });
  return runner;
}
