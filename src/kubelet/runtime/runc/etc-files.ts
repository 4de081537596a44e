// The files a pod's containers see at /etc/resolv.conf, /etc/hosts and /etc/hostname: written once
// per sandbox and bind-mounted into every container, as upstream's kubelet and containerd do.
import type { DNSConfig } from '../types.ts';

/** resolv.conf for a DNSConfig (the pod's, computed by the kubelet from dnsPolicy). */
export function resolvConf(dns: DNSConfig): string {
  const lines = dns.servers.map((s) => `nameserver ${s}`);
  if (dns.searches.length) lines.push(`search ${dns.searches.join(' ')}`);
  if (dns.options.length) lines.push(`options ${dns.options.join(' ')}`);
  return lines.join('\n') + '\n';
}

/** /etc/hosts as the kubelet writes it for a pod on the pod network (managed-hosts header included). */
export function hostsFile(hostname: string, podIP: string | undefined): string {
  const lines = [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
  ];
  if (podIP) lines.push(`${podIP}\t${hostname}`);
  return lines.join('\n') + '\n';
}
