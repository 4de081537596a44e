// What the DNS zone reads from the cluster: services, their EndpointSlices, pods and namespaces, looked
// up by name or by IP. One implementation over informer caches (kites server), one over plain arrays
// (unit tests).
import type { Namespace, Pod, Service } from 'kubernetes-types/core/v1.d.ts';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.d.ts';
import type { Clock, SharedInformerFactory } from '../client/index.ts';
import { canonicalIP } from './names.ts';

export interface ClusterView {
  namespaceExists(namespace: string): boolean;
  service(namespace: string, name: string): Service | undefined;
  /** The EndpointSlices labelled kubernetes.io/service-name=<name>. */
  endpointSlices(namespace: string, service: string): readonly EndpointSlice[];
  servicesByIP(ip: string): readonly Service[];
  endpointSlicesByIP(ip: string): readonly EndpointSlice[];
  podsByIP(ip: string): readonly Pod[];
  /** SOA serial: the Unix second of the last change seen (CoreDNS uses its last-modified time). */
  serial(): number;
}

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

const serviceIPs = (s: Service) => (s.spec?.clusterIPs ?? (s.spec?.clusterIP ? [s.spec.clusterIP] : [])).filter((ip) => ip !== 'None').map(canonicalIP);
const sliceService = (e: EndpointSlice) => {
  const svc = e.metadata?.labels?.[SERVICE_NAME_LABEL];
  return svc ? [`${e.metadata?.namespace}/${svc}`] : [];
};
const sliceIPs = (e: EndpointSlice) => (e.addressType === 'FQDN' ? [] : e.endpoints.flatMap((ep) => ep.addresses.map(canonicalIP)));
const podIPs = (p: Pod) => (p.status?.podIPs?.flatMap((i) => (i.ip ? [i.ip] : [])) ?? (p.status?.podIP ? [p.status.podIP] : [])).map(canonicalIP);

export interface StaticObjects {
  namespaces?: string[];
  services?: Service[];
  endpointSlices?: EndpointSlice[];
  pods?: Pod[];
  serial?: number;
}

/** A view over fixed objects, for tests. */
export function staticClusterView(objects: StaticObjects): ClusterView {
  const { namespaces = [], services = [], endpointSlices = [], pods = [] } = objects;
  return {
    namespaceExists: (ns) => namespaces.includes(ns),
    service: (ns, name) => services.find((s) => s.metadata?.namespace === ns && s.metadata?.name === name),
    endpointSlices: (ns, svc) => endpointSlices.filter((e) => sliceService(e).includes(`${ns}/${svc}`)),
    servicesByIP: (ip) => services.filter((s) => serviceIPs(s).includes(ip)),
    endpointSlicesByIP: (ip) => endpointSlices.filter((e) => sliceIPs(e).includes(ip)),
    podsByIP: (ip) => pods.filter((p) => podIPs(p).includes(ip)),
    serial: () => objects.serial ?? 0,
  };
}

/** A view over shared informers; the caller starts the factory and waits for it to sync. */
export function informerClusterView(factory: SharedInformerFactory, clock: Clock): ClusterView {
  const namespaces = factory.informerForKind<Namespace>('', 'v1', 'Namespace');
  const services = factory.informerForKind<Service>('', 'v1', 'Service');
  const slices = factory.informerForKind<EndpointSlice>('discovery.k8s.io', 'v1', 'EndpointSlice');
  const pods = factory.informerForKind<Pod>('', 'v1', 'Pod');
  services.addIndex('dns-ip', serviceIPs);
  slices.addIndex('dns-service', sliceService);
  slices.addIndex('dns-ip', sliceIPs);
  pods.addIndex('dns-ip', podIPs);
  let serial = Math.floor(clock.now() / 1000);
  const touch = () => (serial = Math.floor(clock.now() / 1000));
  const handlers = { onAdd: touch, onUpdate: touch, onDelete: touch };
  namespaces.addEventHandler(handlers);
  services.addEventHandler(handlers);
  slices.addEventHandler(handlers);
  pods.addEventHandler(handlers);
  return {
    namespaceExists: (ns) => namespaces.store.getByName(undefined, ns) !== undefined,
    service: (ns, name) => services.store.getByName(ns, name),
    endpointSlices: (ns, svc) => slices.store.byIndex('dns-service', `${ns}/${svc}`),
    servicesByIP: (ip) => services.store.byIndex('dns-ip', ip),
    endpointSlicesByIP: (ip) => slices.store.byIndex('dns-ip', ip),
    podsByIP: (ip) => pods.store.byIndex('dns-ip', ip),
    serial: () => serial,
  };
}
