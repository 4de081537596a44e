// What a Service's EndpointSlices should hold: one Endpoint per selected pod and address family,
// grouped by the ports it resolves to (a named targetPort can differ per pod), as upstream's
// podToEndpoint and getEndpointPorts build them.
import type { Node, Pod, Service } from 'kubernetes-types/core/v1.d.ts';
import type { Endpoint, EndpointPort } from 'kubernetes-types/discovery/v1.d.ts';
import type { ReadonlyStore } from '../../client/index.ts';
import { findPort, hostnameFor, isHeadless, isIPv6, isPodReady, podIPs, shouldPodBeInEndpoints } from '../endpoints/pods.ts';

export type AddressType = 'IPv4' | 'IPv6';
export const ZONE_LABEL = 'topology.kubernetes.io/zone';

export interface EndpointGroup {
  addressType: AddressType;
  ports: EndpointPort[];
  endpoints: Endpoint[];
}

export const portsKey = (ports: readonly EndpointPort[]) =>
  ports
    .map((p) => `${p.name ?? ''}/${p.port ?? ''}/${p.protocol ?? 'TCP'}/${p.appProtocol ?? ''}`)
    .sort()
    .join(',');
export const groupKey = (addressType: string, ports: readonly EndpointPort[]) => `${addressType}|${portsKey(ports)}`;

/** Families from spec.ipFamilies; a headless Service without any takes whatever its pods have. */
export function addressTypesFor(service: Service): AddressType[] {
  const families = (service.spec?.ipFamilies ?? []).filter((f): f is AddressType => f === 'IPv4' || f === 'IPv6');
  if (families.length > 0) return families;
  if (isHeadless(service)) return ['IPv4', 'IPv6'];
  const ip = service.spec?.clusterIP;
  return [ip && isIPv6(ip) ? 'IPv6' : 'IPv4'];
}

export function endpointFor(pod: Pod, service: Service, node: Node | undefined, addressType: AddressType): Endpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata?.deletionTimestamp;
  // Compatibility: "ready" is never true for a terminating pod unless the Service publishes not-ready ones.
  const ready = service.spec?.publishNotReadyAddresses === true || (serving && !terminating);
  const endpoint: Endpoint = {
    addresses: podIPs(pod).filter((ip) => isIPv6(ip) === (addressType === 'IPv6')),
    conditions: { ready, serving, terminating },
    targetRef: { kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name, uid: pod.metadata?.uid },
  };
  if (pod.spec?.nodeName) endpoint.nodeName = pod.spec.nodeName;
  const zone = node?.metadata?.labels?.[ZONE_LABEL];
  if (zone) endpoint.zone = zone;
  const hostname = hostnameFor(pod, service);
  if (hostname) endpoint.hostname = hostname;
  return endpoint;
}

export function portsFor(pod: Pod, service: Service): EndpointPort[] {
  const ports: EndpointPort[] = [];
  for (const sp of service.spec?.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const ep: EndpointPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
    ports.push(ep);
  }
  return ports;
}

/** Desired endpoints by groupKey (address type and port set). */
export function desiredGroups(service: Service, pods: Pod[], nodes: ReadonlyStore<Node>): Map<string, EndpointGroup> {
  const groups = new Map<string, EndpointGroup>();
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = portsFor(pod, service);
    const node = pod.spec?.nodeName ? nodes.getByName(undefined, pod.spec.nodeName) : undefined;
    for (const addressType of addressTypesFor(service)) {
      const endpoint = endpointFor(pod, service, node, addressType);
      if (endpoint.addresses.length === 0) continue;
      const key = groupKey(addressType, ports);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { addressType, ports, endpoints: [] }));
      group.endpoints.push(endpoint);
    }
  }
  return groups;
}
