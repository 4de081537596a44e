// What a node says about itself (status.nodeInfo, addresses) and the defaults hollow nodes use.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { arch, networkInterfaces, release } from 'node:os';
import type { NodeSystemInfo } from 'kubernetes-types/core/v1.d.ts';
import { formatIPv4, parseIPv4 } from '../runtime/fake/cidr.ts';
import { KUBELET_VERSION } from './status.ts';

/** GOARCH names, as kubernetes.io/arch uses them. */
export function goArch(nodeArch: string = arch()): string {
  return ({ x64: 'amd64', ia32: '386', arm: 'arm', arm64: 'arm64', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' } as Record<string, string>)[nodeArch] ?? nodeArch;
}

function osImage(): string {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (pretty?.[1]) return pretty[1];
  } catch {
    // no os-release: fall through
  }
  return 'Linux';
}

/** nodeInfo for a node; the IDs are derived from the node name, so a hollow node keeps them across restarts. */
export function systemInfo(nodeName: string, containerRuntimeVersion: string): NodeSystemInfo {
  const id = createHash('sha256').update(nodeName).digest('hex');
  const uuid = `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20, 32)}`;
  return {
    machineID: id.slice(0, 32), systemUUID: uuid, bootID: uuid, kernelVersion: release(), osImage: osImage(),
    containerRuntimeVersion, kubeletVersion: KUBELET_VERSION, kubeProxyVersion: '', operatingSystem: 'linux', architecture: goArch(),
  };
}

/** Hollow node i's InternalIP: 10.41.1.1 onward, clear of the real test nodes' 10.41.0.0/24. */
export function hollowNodeIP(index: number): string {
  return formatIPv4(parseIPv4('10.41.0.0') + (1 + Math.floor(index / 254)) * 256 + 1 + (index % 254));
}

/**
 * Where node i's pods get addresses until the control plane assigns a pod CIDR: a /25 (room for
 * 110 pods) in 10.40.0.0/16, a range no cluster component hands out.
 */
export function fallbackPodCidr(index: number): string {
  return `${formatIPv4(parseIPv4('10.40.0.0') + (index % 512) * 128)}/25`;
}

/** This machine's first non-internal IPv4 address, or 127.0.0.1. */
export function hostIPv4(): string {
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}
