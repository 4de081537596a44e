// The names a client may use to reach the API server, all of which its serving certificate must carry:
// loopback, the node's own addresses, and the in-cluster `kubernetes` Service (by its DNS names and
// its ClusterIP, the first address of the service CIDR) as pods see it.
export interface ServingNameOptions {
  /** The node's addresses (IPs or host names) that agents and users reach the server on. */
  nodeAddresses?: string[];
  /** ClusterIP of the `kubernetes` Service. */
  serviceIp?: string;
  clusterDomain?: string;
}

export const defaultServiceIp = '10.43.0.1';
export const defaultClusterDomain = 'cluster.local';

/** Subject alternative names of the serving certificate, without duplicates, in a stable order. */
export function servingAltNames(options: ServingNameOptions = {}): string[] {
  const domain = options.clusterDomain ?? defaultClusterDomain;
  const names = [
    'localhost',
    'kubernetes',
    'kubernetes.default',
    'kubernetes.default.svc',
    `kubernetes.default.svc.${domain}`,
    '127.0.0.1',
    // localhost resolves to ::1 first on many hosts.
    '::1',
    options.serviceIp ?? defaultServiceIp,
    ...(options.nodeAddresses ?? []),
  ];
  return [...new Set(names)];
}
