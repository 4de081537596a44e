// The Endpoints subsets a Service's pods make: each pod address with the ports it serves, ready ones in
// `addresses` and the rest in `notReadyAddresses`, repacked so addresses serving the same ports share
// one subset (upstream's RepackSubsets), in a stable order so an unchanged set compares equal.
import type { EndpointAddress, EndpointPort, EndpointSubset, Pod, Service } from 'kubernetes-types/core/v1.d.ts';
import { findPort, hostnameFor, isHeadless, isIPv6, isPodReady, podIPs, shouldPodBeInEndpoints } from './pods.ts';

/** Upstream's maxCapacity: beyond this many addresses the Endpoints object is truncated. */
export const MAX_ENDPOINT_ADDRESSES = 1000;

/** The pod IP of the Service's primary family (any IP for a headless Service without families). */
export function addressFor(pod: Pod, service: Service): string | undefined {
  const ips = podIPs(pod);
  const family = service.spec?.ipFamilies?.[0] ?? (service.spec?.clusterIP && !isHeadless(service) ? (isIPv6(service.spec.clusterIP) ? 'IPv6' : 'IPv4') : undefined);
  if (!family) return ips[0];
  return ips.find((ip) => isIPv6(ip) === (family === 'IPv6'));
}

interface Entry {
  address: EndpointAddress;
  ready: boolean;
  ports: Map<string, EndpointPort>;
}

const portKey = (p: EndpointPort) => `${p.name ?? ''}/${p.port}/${p.protocol ?? 'TCP'}/${p.appProtocol ?? ''}`;
const byIP = (a: EndpointAddress, b: EndpointAddress) => a.ip.localeCompare(b.ip) || (a.targetRef?.uid ?? '').localeCompare(b.targetRef?.uid ?? '');

export function desiredSubsets(service: Service, pods: Pod[]): { subsets: EndpointSubset[]; truncated: boolean } {
  const publishNotReady = service.spec?.publishNotReadyAddresses === true;
  const servicePorts = service.spec?.ports ?? [];
  const entries = new Map<string, Entry>();
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const ip = addressFor(pod, service);
    if (!ip) continue;
    const address: EndpointAddress = { ip, targetRef: { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid } };
    if (pod.spec?.nodeName) address.nodeName = pod.spec.nodeName;
    const hostname = hostnameFor(pod, service);
    if (hostname) address.hostname = hostname;
    const entry: Entry = { address, ready: publishNotReady || isPodReady(pod), ports: new Map() };
    for (const sp of servicePorts) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      const ep: EndpointPort = { port, protocol: sp.protocol ?? 'TCP' };
      if (sp.name) ep.name = sp.name;
      if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
      entry.ports.set(portKey(ep), ep);
    }
    // A headless Service without ports still publishes its pods' addresses (for DNS).
    if (entry.ports.size === 0 && !(servicePorts.length === 0 && isHeadless(service))) continue;
    entries.set(`${ip}/${pod.metadata?.uid ?? ''}`, entry);
  }
  return repack([...entries.values()]);
}

function repack(entries: Entry[]): { subsets: EndpointSubset[]; truncated: boolean } {
  // Ready addresses keep their place first when the object must be truncated.
  const sorted = [...entries].sort((a, b) => Number(b.ready) - Number(a.ready) || byIP(a.address, b.address));
  const kept = sorted.slice(0, MAX_ENDPOINT_ADDRESSES);
  const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  for (const e of kept) {
    const keys = [...e.ports.keys()].sort();
    const key = keys.join(',');
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { ports: keys.map((k) => e.ports.get(k)!), ready: [], notReady: [] }));
    (e.ready ? group.ready : group.notReady).push(e.address);
  }
  const subsets = [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, g]) => {
      const subset: EndpointSubset = {};
      if (g.ready.length > 0) subset.addresses = g.ready.sort(byIP);
      if (g.notReady.length > 0) subset.notReadyAddresses = g.notReady.sort(byIP);
      if (g.ports.length > 0) subset.ports = g.ports;
      return subset;
    });
  return { subsets, truncated: sorted.length > kept.length };
}
