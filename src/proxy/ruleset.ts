// The nftables rules the proxy wants, as data: the fixed skeleton of `table ip kites`, plus the
// per-service chains, affinity sets and map elements computed from the service ports. The layout
// follows kube-proxy's nftables mode (pkg/proxy/nftables): verdict maps keyed by
// address . protocol . port jump to a chain per service port, which picks an endpoint chain with
// `numgen random`; each endpoint chain DNATs. See docs/services.md for the whole picture.
import { routing, type Endpoint, type ServicePort } from './model.ts';

export const TABLE = 'kites';
export const FAMILY = 'ip';
/** The packet mark bit meaning "masquerade me in postrouting" (kube-proxy's 0x4000). */
export const MASQUERADE_MARK = '0x4000';

export type ElementTable = 'service-ips' | 'service-nodeports' | 'no-endpoint-services' | 'no-endpoint-nodeports' | 'nodeport-ips';
export const ELEMENT_TABLES: readonly ElementTable[] = ['nodeport-ips', 'service-ips', 'service-nodeports', 'no-endpoint-services', 'no-endpoint-nodeports'];

export interface Ruleset {
  /** Per-service and per-endpoint chains → their rules in order. */
  chains: Map<string, readonly string[]>;
  /** Affinity sets → declaration (`{ type …; flags …; timeout …; }`). */
  sets: Map<string, string>;
  /** Map/set elements: key → verdict (or '' for the plain set nodeport-ips). */
  elements: Map<ElementTable, Map<string, string>>;
}

export interface RulesetConfig {
  /** The cluster's pod CIDR: traffic from outside it to a node port or external IP is masqueraded. */
  podCidr: string;
  /** This node's addresses, where node ports listen. */
  nodeIPs: readonly string[];
}

/** The base chains and maps; everything service-specific goes into them as elements and chains. */
export function skeleton(): string {
  return `table ${FAMILY} ${TABLE} {
  set nodeport-ips { type ipv4_addr; }
  map service-ips { type ipv4_addr . inet_proto . inet_service : verdict; }
  map service-nodeports { type inet_proto . inet_service : verdict; }
  map no-endpoint-services { type ipv4_addr . inet_proto . inet_service : verdict; }
  map no-endpoint-nodeports { type inet_proto . inet_service : verdict; }
  chain filter-input { type filter hook input priority filter - 10; policy accept; ct state new jump endpoints-check; }
  chain filter-forward { type filter hook forward priority filter - 10; policy accept; ct state new jump endpoints-check; }
  chain filter-output { type filter hook output priority filter - 10; policy accept; ct state new jump endpoints-check; }
  chain endpoints-check {
    ip daddr . meta l4proto . th dport vmap @no-endpoint-services
    ip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports
  }
  chain reject-chain { reject; }
  chain nat-prerouting { type nat hook prerouting priority dstnat; policy accept; jump services; }
  chain nat-output { type nat hook output priority -100; policy accept; jump services; }
  chain nat-postrouting { type nat hook postrouting priority srcnat; policy accept; jump masquerading; }
  chain services {
    ip daddr . meta l4proto . th dport vmap @service-ips
    ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports
  }
  chain mark-for-masquerade { meta mark set meta mark or ${MASQUERADE_MARK}; }
  chain masquerading {
    meta mark and ${MASQUERADE_MARK} == 0 return
    meta mark set meta mark xor ${MASQUERADE_MARK}
    masquerade fully-random
  }
}
`;
}

/** nft identifiers allow letters, digits and `/-_.`: ns/name/proto[/port-name] fits as is. */
function suffix(sp: ServicePort): string {
  return sp.id.endsWith('/') ? sp.id.slice(0, -1) : sp.id;
}
const svcChain = (sp: ServicePort) => `svc-${suffix(sp)}`;
const localChain = (sp: ServicePort) => `local-${suffix(sp)}`;
const extChain = (sp: ServicePort) => `ext-${suffix(sp)}`;
const epChain = (sp: ServicePort, e: Endpoint) => `ep-${suffix(sp)}__${e.ip}/${e.port}`;
// The timeout is part of the name: a changed timeout makes a new set rather than altering a live one.
const affinitySet = (sp: ServicePort, e: Endpoint) => `aff-${sp.affinitySeconds}-${suffix(sp)}__${e.ip}/${e.port}`;

/** A chain that load-balances over `endpoints`, honouring ClientIP affinity first. */
function balancer(sp: ServicePort, endpoints: readonly Endpoint[]): string[] {
  const rules = sp.affinitySeconds === undefined ? [] : endpoints.map((e) => `ip saddr @${affinitySet(sp, e)} goto ${epChain(sp, e)}`);
  const arms = endpoints.map((e, i) => `${i} : goto ${epChain(sp, e)}`).join(', ');
  rules.push(`numgen random mod ${endpoints.length} vmap { ${arms} }`);
  return rules;
}

function endpointRules(sp: ServicePort, e: Endpoint): string[] {
  return [
    // Hairpin: a pod reaching itself through the VIP must see a source other than its own address.
    `ip saddr ${e.ip} jump mark-for-masquerade`,
    ...(sp.affinitySeconds === undefined ? [] : [`update @${affinitySet(sp, e)} { ip saddr }`]),
    `meta l4proto ${sp.protocol} dnat to ${e.ip}:${e.port}`,
  ];
}

/**
 * Node ports and external IPs. Cluster policy: masquerade what comes from outside the pod CIDR so
 * replies return through this node. Local policy (only local endpoints, client address kept):
 * pods and the node itself still get every endpoint, as upstream does.
 */
function externalRules(sp: ServicePort, podCidr: string): string[] {
  if (!sp.externalLocal) return [`ip saddr != ${podCidr} jump mark-for-masquerade`, `goto ${svcChain(sp)}`];
  return [
    `ip saddr ${podCidr} goto ${svcChain(sp)}`,
    'fib saddr type local jump mark-for-masquerade',
    `fib saddr type local goto ${svcChain(sp)}`,
    `goto ${localChain(sp)}`,
  ];
}

function addServicePort(rs: Ruleset, sp: ServicePort, config: RulesetConfig): void {
  const r = routing(sp);
  const el = (t: ElementTable) => rs.elements.get(t)!;
  const external = sp.nodePort !== undefined || sp.externalIPs.length > 0;
  const key = (ip: string) => `${ip} . ${sp.protocol} . ${sp.port}`;
  const npKey = `${sp.protocol} . ${sp.nodePort}`;
  if (r.cluster.length === 0) {
    // No usable endpoint anywhere: refuse at once (ICMP port unreachable), as kube-proxy does.
    for (const ip of [...sp.clusterIPs, ...sp.externalIPs]) el('no-endpoint-services').set(key(ip), 'goto reject-chain');
    if (sp.nodePort !== undefined) el('no-endpoint-nodeports').set(npKey, 'goto reject-chain');
    return;
  }
  const usesCluster = !sp.internalLocal || (external && (!sp.externalLocal || r.local.length > 0));
  const usesLocal = (sp.internalLocal || (external && sp.externalLocal)) && r.local.length > 0;
  const chained = new Set<Endpoint>();
  if (usesCluster) {
    rs.chains.set(svcChain(sp), balancer(sp, r.cluster));
    r.cluster.forEach((e) => chained.add(e));
  }
  if (usesLocal) {
    rs.chains.set(localChain(sp), balancer(sp, r.local));
    r.local.forEach((e) => chained.add(e));
  }
  for (const e of chained) {
    rs.chains.set(epChain(sp, e), endpointRules(sp, e));
    if (sp.affinitySeconds !== undefined) rs.sets.set(affinitySet(sp, e), `{ type ipv4_addr; flags dynamic,timeout; timeout ${sp.affinitySeconds}s; }`);
  }
  // Endpoints exist but none this traffic may use (a Local policy without local endpoints): drop.
  for (const ip of sp.clusterIPs) {
    if (r.internal.length > 0) el('service-ips').set(key(ip), `goto ${sp.internalLocal ? localChain(sp) : svcChain(sp)}`);
    else el('no-endpoint-services').set(key(ip), 'drop');
  }
  if (!external) return;
  if (r.external.length > 0) rs.chains.set(extChain(sp), externalRules(sp, config.podCidr));
  const verdict = r.external.length > 0 ? `goto ${extChain(sp)}` : 'drop';
  const table = (reachable: ElementTable, dropped: ElementTable) => (r.external.length > 0 ? reachable : dropped);
  for (const ip of sp.externalIPs) el(table('service-ips', 'no-endpoint-services')).set(key(ip), verdict);
  if (sp.nodePort !== undefined) el(table('service-nodeports', 'no-endpoint-nodeports')).set(npKey, verdict);
}

/** The whole desired state for these service ports. */
export function desiredRuleset(ports: readonly ServicePort[], config: RulesetConfig): Ruleset {
  const rs: Ruleset = { chains: new Map(), sets: new Map(), elements: new Map(ELEMENT_TABLES.map((t) => [t, new Map()])) };
  for (const ip of config.nodeIPs) rs.elements.get('nodeport-ips')!.set(ip, '');
  for (const sp of ports) addServicePort(rs, sp, config);
  return rs;
}
