// What the proxy programs, computed from Services and EndpointSlices: one ServicePort per
// (service, port), with the endpoints each kind of traffic may use. Pure functions, no nft here.
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.d.ts';
import type { Service } from 'kubernetes-types/core/v1.d.ts';

export type Protocol = 'tcp' | 'udp' | 'sctp';

export interface Endpoint {
  ip: string;
  port: number;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  /** On this proxy's node. */
  local: boolean;
}

export interface ServicePort {
  /** namespace/name/protocol/portName — stable, so an unchanged service keeps its chains. */
  id: string;
  protocol: Protocol;
  port: number;
  clusterIPs: string[];
  /** spec.externalIPs and status.loadBalancer.ingress IPs: both are reached like a NodePort. */
  externalIPs: string[];
  nodePort?: number;
  /** ClientIP affinity timeout in seconds; absent without affinity. */
  affinitySeconds?: number;
  externalLocal: boolean;
  internalLocal: boolean;
  /** Sorted by ip:port so the generated rules are deterministic. */
  endpoints: Endpoint[];
}

/** Upstream's default sessionAffinityConfig.clientIP.timeoutSeconds (3 hours). */
export const DEFAULT_AFFINITY_SECONDS = 10800;
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

const isIPv4 = (ip: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(ip);

function protocolOf(p: string | undefined): Protocol | undefined {
  switch (p ?? 'TCP') {
    case 'TCP': return 'tcp';
    case 'UDP': return 'udp';
    case 'SCTP': return 'sctp';
    default: return undefined;
  }
}

/** Whether the proxy has anything to do for this service (ExternalName and headless: no). */
function proxied(svc: Service): boolean {
  const ip = svc.spec?.clusterIP;
  return svc.spec?.type !== 'ExternalName' && !!ip && ip !== 'None';
}

/** IPv4 endpoints of one service port, de-duplicated across slices (they overlap during updates). */
function endpointsFor(slices: readonly EndpointSlice[], portName: string, protocol: Protocol, nodeName: string): Endpoint[] {
  const byAddr = new Map<string, Endpoint>();
  for (const slice of slices) {
    if (slice.addressType !== 'IPv4') continue;
    const sp = (slice.ports ?? []).find((p) => (p.name ?? '') === portName && protocolOf(p.protocol) === protocol);
    if (sp?.port === undefined) continue;
    for (const ep of slice.endpoints ?? []) {
      const ip = ep.addresses[0];
      if (!ip || !isIPv4(ip)) continue;
      // API semantics: an unknown ready is ready; serving defaults to ready; terminating to false.
      const ready = ep.conditions?.ready ?? true;
      const endpoint: Endpoint = {
        ip, port: sp.port, ready, serving: ep.conditions?.serving ?? ready, terminating: ep.conditions?.terminating ?? false,
        local: ep.nodeName === nodeName,
      };
      const key = `${ip}:${sp.port}`;
      if (!byAddr.has(key) || endpoint.ready) byAddr.set(key, endpoint);
    }
  }
  return [...byAddr.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
}

/** Every proxied service port, sorted by id. `slices` are grouped by their service-name label. */
export function servicePorts(services: readonly Service[], slices: readonly EndpointSlice[], nodeName: string): ServicePort[] {
  const slicesBySvc = new Map<string, EndpointSlice[]>();
  for (const s of slices) {
    const svcName = s.metadata?.labels?.[SERVICE_NAME_LABEL];
    if (!svcName) continue;
    const key = `${s.metadata?.namespace}/${svcName}`;
    slicesBySvc.set(key, [...(slicesBySvc.get(key) ?? []), s]);
  }
  const out: ServicePort[] = [];
  for (const svc of services) {
    if (!proxied(svc)) continue;
    const spec = svc.spec!;
    const nsName = `${svc.metadata?.namespace}/${svc.metadata?.name}`;
    const ingress = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip).filter((ip): ip is string => !!ip);
    const externalIPs = [...new Set([...(spec.externalIPs ?? []), ...(spec.type === 'LoadBalancer' ? ingress : [])])].filter(isIPv4);
    const clusterIPs = (spec.clusterIPs ?? [spec.clusterIP!]).filter(isIPv4);
    if (clusterIPs.length === 0) continue;
    const external = spec.type === 'NodePort' || spec.type === 'LoadBalancer' || externalIPs.length > 0;
    for (const p of spec.ports ?? []) {
      const protocol = protocolOf(p.protocol);
      if (!protocol) continue;
      const portName = p.name ?? '';
      out.push({
        id: `${nsName}/${protocol}/${portName}`,
        protocol,
        port: p.port,
        clusterIPs,
        externalIPs,
        nodePort: spec.type === 'NodePort' || spec.type === 'LoadBalancer' ? p.nodePort : undefined,
        affinitySeconds: spec.sessionAffinity === 'ClientIP' ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_AFFINITY_SECONDS) : undefined,
        externalLocal: external && (spec.externalTrafficPolicy === 'Local'),
        internalLocal: spec.internalTrafficPolicy === 'Local',
        endpoints: endpointsFor(slicesBySvc.get(nsName) ?? [], portName, protocol, nodeName),
      });
    }
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Endpoints for new connections (upstream's ProxyTerminatingEndpoints, KEP-1669): the ready ones;
 * when none is ready, the terminating ones that still serve, so a rolling update loses no traffic.
 */
export function usable(endpoints: readonly Endpoint[]): Endpoint[] {
  const ready = endpoints.filter((e) => e.ready);
  return ready.length > 0 ? ready : endpoints.filter((e) => e.serving && e.terminating);
}

export interface Routing {
  /** Endpoints behind the cluster IPs (only local ones with internalTrafficPolicy Local). */
  internal: Endpoint[];
  /** Endpoints behind node ports and external IPs (only local ones with externalTrafficPolicy Local). */
  external: Endpoint[];
  /** Cluster-wide usable endpoints (policy Cluster), for the external chain's short-circuits. */
  cluster: Endpoint[];
  /** Local usable endpoints, chosen among local endpoints alone (as upstream's CategorizeEndpoints). */
  local: Endpoint[];
}

export function routing(sp: ServicePort): Routing {
  const cluster = usable(sp.endpoints);
  const local = usable(sp.endpoints.filter((e) => e.local));
  return { cluster, local, internal: sp.internalLocal ? local : cluster, external: sp.externalLocal ? local : cluster };
}
