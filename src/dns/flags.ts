// `kites server` flags for the cluster DNS, kept here so the command only names them once.
import { Command, InvalidArgumentError } from 'commander';
import { isIP } from 'node:net';
import { parseUpstream } from './forwarder.ts';
import { DEFAULT_CLUSTER_DNS, DEFAULT_CLUSTER_DOMAIN, type ClusterDnsOptions } from './run.ts';

export interface ClusterDnsFlags {
  clusterDns: string;
  clusterDomain: string;
  clusterDnsPort: string;
  dnsUpstream?: string;
  dnsForward: boolean;
  disableClusterDns?: boolean;
}

export function addClusterDnsFlags(command: Command): Command {
  return command
    .option('--cluster-dns <ip>', 'address the cluster DNS listens on (the kube-dns service IP pods are given)', checkIP, DEFAULT_CLUSTER_DNS)
    .option('--cluster-domain <domain>', 'the cluster DNS zone', DEFAULT_CLUSTER_DOMAIN)
    .option('--cluster-dns-port <port>', 'UDP and TCP port of the cluster DNS', '53')
    .option('--dns-upstream <ip[:port],…>', 'where the cluster DNS forwards other names (default: the nameservers in /etc/resolv.conf)')
    .option('--no-dns-forward', 'answer only cluster names; others are REFUSED')
    .option('--disable-cluster-dns', 'do not run the cluster DNS');
}

function checkIP(value: string): string {
  if (!isIP(value)) throw new InvalidArgumentError('must be an IP address');
  return value;
}

export function clusterDnsSettings(flags: ClusterDnsFlags): Omit<ClusterDnsOptions, 'client' | 'logger'> | false {
  if (flags.disableClusterDns) return false;
  const port = Number(flags.clusterDnsPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError(`--cluster-dns-port: not a port: ${flags.clusterDnsPort}`);
  return {
    address: flags.clusterDns,
    port,
    domain: flags.clusterDomain,
    forward: flags.dnsForward,
    ...(flags.dnsUpstream ? { upstreams: flags.dnsUpstream.split(',').map((u) => parseUpstream(u.trim())) } : {}),
  };
}
