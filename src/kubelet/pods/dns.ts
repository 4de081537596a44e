// A pod's resolv.conf from its dnsPolicy and dnsConfig, as upstream's kubelet computes the CRI
// DNSConfig (pkg/kubelet/network/dns/dns.go GetPodDNS): ClusterFirst points at the cluster DNS with
// the namespace's search path and ndots:5; Default leaves the node's resolv.conf (undefined here, so
// the runtime copies the node's); None takes only the pod's dnsConfig; a host-network pod's
// ClusterFirst means Default unless it asked for ClusterFirstWithHostNet.
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { DNSConfig } from '../runtime/types.ts';

export const CLUSTER_DNS = '10.43.0.10';
export const CLUSTER_DOMAIN = 'cluster.local';

export function podDnsConfig(pod: Pod, clusterDNS = CLUSTER_DNS, clusterDomain = CLUSTER_DOMAIN): DNSConfig | undefined {
  const spec = pod.spec ?? { containers: [] };
  let policy = spec.dnsPolicy ?? 'ClusterFirst';
  if (spec.hostNetwork) policy = policy === 'ClusterFirstWithHostNet' ? 'ClusterFirst' : policy === 'ClusterFirst' ? 'Default' : policy;
  if (policy === 'ClusterFirstWithHostNet') policy = 'ClusterFirst';
  const custom = spec.dnsConfig ?? {};
  if (policy === 'Default' && !spec.dnsConfig) return undefined;
  const base: DNSConfig = policy === 'ClusterFirst'
    ? { servers: [clusterDNS], searches: [`${pod.metadata?.namespace ?? 'default'}.svc.${clusterDomain}`, `svc.${clusterDomain}`, clusterDomain], options: ['ndots:5'] }
    : { servers: [], searches: [], options: [] };
  const options = new Map(base.options.map((o) => [o.split(':')[0]!, o]));
  for (const o of custom.options ?? []) options.set(o.name ?? '', o.value !== undefined ? `${o.name}:${o.value}` : o.name ?? '');
  return {
    servers: [...new Set([...base.servers, ...(custom.nameservers ?? [])])],
    searches: [...new Set([...base.searches, ...(custom.searches ?? [])])],
    options: [...options.values()].filter(Boolean),
  };
}
