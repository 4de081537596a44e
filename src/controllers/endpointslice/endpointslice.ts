// The EndpointSlice controller: keeps discovery.k8s.io/v1 EndpointSlices for every selector Service,
// labelled kubernetes.io/service-name and managed-by endpointslice-controller.k8s.io and owned by the
// Service. Slices of other managers and Services without a selector are left alone.
import type { Node, Pod, Service } from 'kubernetes-types/core/v1.d.ts';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.d.ts';
import { ControllerRunner, isNotFound, splitKey, type Controller, type ReadonlyStore, type ReconcileResult } from '../../client/index.ts';
import type { ControllerContext } from '../types.ts';
import { podsForService, serviceSelector, servicesForPod } from '../endpoints/pods.ts';
import { desiredGroups, ZONE_LABEL } from './desired.ts';
import { CONTROLLER_NAME, MANAGED_BY_LABEL, MAX_ENDPOINTS_PER_SLICE, planSlices, SERVICE_NAME_LABEL } from './plan.ts';
import { SliceTracker } from './tracker.ts';

/** How soon to look again when the cache has not yet caught up with our own writes. */
const STALE_RETRY_MS = 100;
const SERVICE_INDEX = 'service';
const NODE_INDEX = 'node';

export interface SliceWriter {
  create(slice: EndpointSlice): Promise<EndpointSlice>;
  update(slice: EndpointSlice): Promise<EndpointSlice>;
  delete(namespace: string, name: string): Promise<unknown>;
}

export interface EndpointSliceSyncerOptions {
  services: ReadonlyStore<Service>;
  pods: ReadonlyStore<Pod>;
  nodes: ReadonlyStore<Node>;
  /** Must carry the SERVICE_INDEX index (serviceIndex). */
  slices: ReadonlyStore<EndpointSlice>;
  writer: SliceWriter;
  maxEndpointsPerSlice?: number;
}

/** Our slices filed by "namespace/service-name". */
export function serviceIndex(slice: EndpointSlice): string[] {
  const labels = slice.metadata?.labels ?? {};
  const service = labels[SERVICE_NAME_LABEL];
  return service && labels[MANAGED_BY_LABEL] === CONTROLLER_NAME ? [`${slice.metadata?.namespace}/${service}`] : [];
}

export class EndpointSliceSyncer {
  readonly tracker = new SliceTracker();

  constructor(readonly o: EndpointSliceSyncerOptions) {}

  async sync(key: string): Promise<ReconcileResult> {
    const { namespace = '', name } = splitKey(key);
    const service = this.o.services.getByName(namespace, name);
    if (!service || !serviceSelector(service)) {
      // A deleted Service's slices go with it through their owner reference (garbage collector).
      this.tracker.forgetService(key);
      return;
    }
    if (this.tracker.stale(key, namespace, this.o.slices)) return { requeueAfter: STALE_RETRY_MS };
    const existing = this.o.slices.byIndex(SERVICE_INDEX, key);
    const desired = desiredGroups(service, podsForService(this.o.pods, service), this.o.nodes);
    const plan = planSlices(service, desired, existing, this.o.maxEndpointsPerSlice ?? MAX_ENDPOINTS_PER_SLICE);
    // Creates and updates first, so endpoints moving between slices are never missing from all of them.
    for (const slice of plan.create) this.tracker.wrote(key, await this.o.writer.create(slice));
    for (const slice of plan.update) this.tracker.wrote(key, await this.o.writer.update(slice));
    for (const slice of plan.delete) {
      await this.o.writer.delete(namespace, slice.metadata!.name!).catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
      this.tracker.deleted(key, slice.metadata!.name!);
    }
  }
}

export function endpointSliceController(ctx: ControllerContext): Controller {
  const services = ctx.informers.informerForKind<Service>('', 'v1', 'Service');
  const pods = ctx.informers.informerForKind<Pod>('', 'v1', 'Pod');
  const nodes = ctx.informers.informerForKind<Node>('', 'v1', 'Node');
  const slices = ctx.informers.informerForKind<EndpointSlice>('discovery.k8s.io', 'v1', 'EndpointSlice');
  slices.addIndex(SERVICE_INDEX, serviceIndex);
  pods.addIndex(`endpointslice/${NODE_INDEX}`, (p) => (p.spec?.nodeName ? [p.spec.nodeName] : []));
  const client = ctx.client.forKind<EndpointSlice>('discovery.k8s.io', 'v1', 'EndpointSlice');
  const syncer = new EndpointSliceSyncer({
    services: services.store,
    pods: pods.store,
    nodes: nodes.store,
    slices: slices.store,
    writer: { create: (s) => client.create(s), update: (s) => client.update(s), delete: (ns, name) => client.inNamespace(ns).delete(name) },
  });
  const runner = new ControllerRunner({ name: 'endpointslice', workers: 5, waitFor: [services, pods, nodes, slices], clock: ctx.clock, logger: ctx.logger, reconcile: (key) => syncer.sync(key) });
  services.addEventHandler(runner.handlers());
  const enqueueServices = (...versions: Pod[]) => {
    for (const svc of servicesForPod(services.store, ...versions)) runner.enqueue(svc);
  };
  pods.addEventHandler({ onAdd: (p) => enqueueServices(p), onUpdate: (o, n) => enqueueServices(o, n), onDelete: (p) => enqueueServices(p) });
  const enqueueOwner = (s: EndpointSlice) => serviceIndex(s).forEach((key) => runner.queue.add(key));
  slices.addEventHandler({
    onAdd: enqueueOwner,
    onUpdate: (_o, n) => enqueueOwner(n),
    onDelete: (s) => {
      for (const key of serviceIndex(s)) syncer.tracker.forgetSlice(key, s.metadata!.name!);
      enqueueOwner(s);
    },
  });
  // Endpoints carry their node's zone.
  nodes.addEventHandler({
    onUpdate: (o, n) => {
      if (o.metadata?.labels?.[ZONE_LABEL] === n.metadata?.labels?.[ZONE_LABEL]) return;
      enqueueServices(...pods.store.byIndex(`endpointslice/${NODE_INDEX}`, n.metadata!.name!));
    },
  });
  return runner;
}
