// The cluster zone's answers, computed per question from a ClusterView, after CoreDNS's kubernetes
// plugin (https://github.com/kubernetes/dns/blob/master/docs/specification.md):
//   <svc>.<ns>.svc.<zone>                  A/AAAA cluster IPs; headless: ready endpoint addresses;
//                                          ExternalName: CNAME
//   <endpoint>.<svc>.<ns>.svc.<zone>       A/AAAA of ready endpoints named by hostname or dashed IP
//   _<port>._<proto>.<svc>.<ns>.svc.<zone> SRV per named port (also SRV on the bare service name)
//   <a-b-c-d>.<ns>.pod.<zone>              A/AAAA from the name ("pods insecure")
//   reverse names                          PTR for cluster IPs, endpoint and pod IPs
// A name that does not exist is NXDOMAIN, a name that exists without the asked type is NODATA; both
// carry the zone's SOA in the authority section. Reverse names the cluster does not know, and names
// outside the zone, are left to the forwarder.
import type { Answer, RecordType, SrvAnswer } from 'dns-packet';
import type { Service } from 'kubernetes-types/core/v1.d.ts';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.d.ts';
import { isIPv4 } from 'node:net';
import { canonicalIP, dashedIP, ipFromDashed, ipFromReverse, labelsUnder, normalizeName } from './names.ts';
import type { ClusterView } from './view.ts';

/** CoreDNS kubernetes plugin default TTL, for answers and (as SOA minimum) for negative caching. */
export const TTL = 5;

export interface ZoneConfig {
  /** e.g. cluster.local (normalised: lower case, no trailing dot). */
  domain: string;
  /** The cluster DNS service IP, answered for ns.dns.<zone>. */
  dnsIP: string;
}

export interface Question {
  name: string;
  type: RecordType;
}

export type Resolution =
  | { kind: 'forward' }
  | {
      kind: 'authoritative';
      rcode: 'NOERROR' | 'NXDOMAIN';
      answers: Answer[];
      authorities: Answer[];
      additionals: Answer[];
      /** An ExternalName target the client also wants resolved (the answer holds its CNAME). */
      chase?: string;
    };

/** One candidate record source, as CoreDNS's msg.Service: an address, maybe a port, and its name. */
interface Target {
  ip: string;
  port?: number;
  /** The SRV target / PTR name of this address. */
  name: string;
}

type Found = { exists: false } | { exists: true; targets: Target[]; cname?: string };
const none: Found = { exists: false };
const empty: Found = { exists: true, targets: [] };

/** The answer to one question; names compare case-insensitively and answers use the lower-case name. */
export function resolve(view: ClusterView, config: ZoneConfig, question: Question): Resolution {
  const name = normalizeName(question.name);
  const labels = labelsUnder(name, config.domain);
  if (labels) return inZone(view, config, question, name, labels);
  const ip = ipFromReverse(name);
  if (ip) {
    const ptr = reverse(view, config, canonicalIP(ip));
    if (ptr.length === 0) return { kind: 'forward' };
    const answers = question.type === 'PTR' ? ptr.map((data) => ({ type: 'PTR' as const, name, ttl: TTL, data })) : [];
    return authoritative(view, config, 'NOERROR', answers, [], isIPv4(ip) ? 'in-addr.arpa' : 'ip6.arpa');
  }
  return { kind: 'forward' };
}

function inZone(view: ClusterView, config: ZoneConfig, question: Question, name: string, labels: string[]): Resolution {
  const { type } = question;
  if (labels.length === 0) {
    if (type === 'SOA') return authoritative(view, config, 'NOERROR', [soa(view, config.domain, config)]);
    const ns = type === 'NS' ? [{ type: 'NS' as const, name, ttl: TTL, data: `ns.dns.${config.domain}` }] : [];
    return authoritative(view, config, 'NOERROR', ns);
  }
  const found = find(view, config, labels);
  if (!found.exists) return authoritative(view, config, 'NXDOMAIN', []);
  if (found.cname !== undefined) {
    const answers = [{ type: 'CNAME' as const, name, ttl: TTL, data: found.cname }];
    return { ...authoritative(view, config, 'NOERROR', answers), ...(type === 'CNAME' ? {} : { chase: found.cname }) };
  }
  if (type === 'A' || type === 'AAAA') return authoritative(view, config, 'NOERROR', addresses(name, type, found.targets));
  if (type === 'SRV') {
    const srv = srvRecords(name, found.targets);
    const additionals = dedupe(found.targets.filter((t) => t.port !== undefined).flatMap((t) => addresses(t.name, isIPv4(t.ip) ? 'A' : 'AAAA', [t])));
    return authoritative(view, config, 'NOERROR', srv, additionals);
  }
  return authoritative(view, config, 'NOERROR', []);
}

function find(view: ClusterView, config: ZoneConfig, labels: string[]): Found {
  const [kind, namespace, ...rest] = labels;
  if (kind === 'dns') return labels.length === 1 ? empty : labels.length === 2 && namespace === 'ns' ? { exists: true, targets: [{ ip: config.dnsIP, name: '' }] } : none;
  if (kind !== 'svc' && kind !== 'pod') return none;
  if (namespace === undefined) return empty;
  if (!view.namespaceExists(namespace)) return none;
  if (rest.length === 0) return empty;
  if (kind === 'pod') {
    const ip = rest.length === 1 ? ipFromDashed(rest[0]!) : undefined;
    return ip ? { exists: true, targets: [{ ip, name: '' }] } : none;
  }
  const [svcName, ...sub] = rest as [string, ...string[]];
  const svc = view.service(namespace, svcName);
  if (!svc) return none;
  if (svc.spec?.type === 'ExternalName') return sub.length === 0 && svc.spec.externalName ? { exists: true, targets: [], cname: svc.spec.externalName.replace(/\.$/, '') } : none;
  const base = `${svcName}.${namespace}.svc.${config.domain}`;
  let filter: Filter = {};
  if (sub.length === 1) filter = { endpoint: sub[0] };
  else if (sub.length === 2 && sub[0]!.startsWith('_') && sub[1]!.startsWith('_')) filter = { protocol: sub[0]!.slice(1), port: sub[1]!.slice(1) };
  else if (sub.length > 0) return none;
  const headless = svc.spec?.clusterIP === 'None';
  const targets = headless || filter.endpoint !== undefined ? endpointTargets(view.endpointSlices(namespace, svcName), base, filter) : serviceTargets(svc, base, filter);
  // CoreDNS: a name with nothing behind it (no matching port, no ready endpoint) does not exist.
  return targets.length > 0 ? { exists: true, targets } : none;
}

interface Filter {
  endpoint?: string;
  port?: string;
  protocol?: string;
}

const portMatches = (f: Filter, name: string | undefined, protocol: string | undefined) =>
  (f.port === undefined || f.port === (name ?? '').toLowerCase()) && (f.protocol === undefined || f.protocol === (protocol ?? 'TCP').toLowerCase());

function serviceTargets(svc: Service, base: string, filter: Filter): Target[] {
  const ips = (svc.spec?.clusterIPs ?? (svc.spec?.clusterIP ? [svc.spec.clusterIP] : [])).filter((ip) => ip !== 'None');
  const ports = (svc.spec?.ports ?? []).filter((p) => portMatches(filter, p.name, p.protocol));
  if (filter.port !== undefined) return ips.flatMap((ip) => ports.map((p) => ({ ip, port: p.port, name: base })));
  return ips.flatMap((ip) => (ports.length ? ports.map((p) => ({ ip, port: p.port, name: base })) : [{ ip, name: base }]));
}

/** The name an endpoint answers to: its hostname, else its dashed address (CoreDNS endpointHostname). */
export function endpointName(hostname: string | undefined, ip: string): string {
  return hostname || dashedIP(ip);
}

function endpointTargets(slices: readonly EndpointSlice[], base: string, filter: Filter): Target[] {
  const out: Target[] = [];
  for (const slice of slices) {
    if (slice.addressType === 'FQDN') continue;
    const ports = (slice.ports ?? []).filter((p) => portMatches(filter, p.name, p.protocol));
    if (filter.port !== undefined && ports.length === 0) continue;
    for (const ep of slice.endpoints) {
      if (ep.conditions?.ready === false) continue;
      for (const ip of ep.addresses) {
        const label = endpointName(ep.hostname, ip);
        if (filter.endpoint !== undefined && filter.endpoint !== label.toLowerCase()) continue;
        const name = `${label}.${base}`;
        if (ports.length === 0) out.push({ ip, name });
        for (const p of ports) if (p.port !== undefined) out.push({ ip, port: p.port, name });
      }
    }
  }
  return out;
}

function addresses(name: string, type: 'A' | 'AAAA', targets: readonly Target[]): Answer[] {
  const ips = new Set(targets.map((t) => t.ip).filter((ip) => isIPv4(ip) === (type === 'A')));
  return [...ips].map((data) => ({ type, name, ttl: TTL, data }));
}

/** Priority 0 and weights summing to ~100 across the set, as CoreDNS (100 / count, rounded down). */
function srvRecords(name: string, targets: readonly Target[]): SrvAnswer[] {
  const unique = new Map<string, { port: number; target: string }>();
  for (const t of targets) if (t.port !== undefined) unique.set(`${t.name}:${t.port}`, { port: t.port, target: t.name });
  const weight = Math.floor(100 / Math.max(1, unique.size));
  return [...unique.values()].map((d) => ({ type: 'SRV', name, ttl: TTL, data: { priority: 0, weight, ...d } }));
}

function dedupe(answers: Answer[]): Answer[] {
  const seen = new Set<string>();
  return answers.filter((a) => {
    const key = JSON.stringify([a.type, a.name, 'data' in a ? a.data : '']);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function reverse(view: ClusterView, config: ZoneConfig, ip: string): string[] {
  const services = view.servicesByIP(ip).map((s) => `${s.metadata?.name}.${s.metadata?.namespace}.svc.${config.domain}`);
  if (services.length) return services;
  const endpoints = view.endpointSlicesByIP(ip).flatMap((slice) =>
    slice.endpoints
      .filter((ep) => ep.conditions?.ready !== false && ep.addresses.some((a) => canonicalIP(a) === ip))
      .map((ep) => `${endpointName(ep.hostname, ip)}.${slice.metadata?.labels?.['kubernetes.io/service-name']}.${slice.metadata?.namespace}.svc.${config.domain}`),
  );
  if (endpoints.length) return [...new Set(endpoints)];
  return [...new Set(view.podsByIP(ip).map((p) => `${dashedIP(ip)}.${p.metadata?.namespace}.pod.${config.domain}`))];
}

function soa(view: ClusterView, zone: string, config: ZoneConfig): Answer {
  return {
    type: 'SOA',
    name: zone,
    ttl: TTL,
    data: { mname: `ns.dns.${config.domain}`, rname: `hostmaster.${config.domain}`, serial: view.serial(), refresh: 7200, retry: 1800, expire: 86400, minimum: TTL },
  };
}

function authoritative(
  view: ClusterView,
  config: ZoneConfig,
  rcode: 'NOERROR' | 'NXDOMAIN',
  answers: Answer[],
  additionals: Answer[] = [],
  zone = config.domain,
): Resolution & { kind: 'authoritative' } {
  const authorities = answers.length === 0 ? [soa(view, zone, config)] : [];
  return { kind: 'authoritative', rcode, answers, authorities, additionals };
}
