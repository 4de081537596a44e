// What the scheduler knows about one node: the Node object, the pods assigned or assumed on it,
// their summed requests and host ports. A generation number lets snapshots copy only what changed.
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import { podAffinityTerms, type PodAffinityTerms } from './affinity-terms.ts';
import { add, podRequests, toResourceList, type ResourceList } from './resources.ts';

export interface PodInfo {
  readonly pod: Pod;
  readonly key: string;
  readonly requests: ResourceList;
  readonly nonZeroRequests: ResourceList;
  /** Parsed pod (anti-)affinity terms, shared by InterPodAffinity's filter and score. */
  readonly terms: PodAffinityTerms;
}

export function podKey(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

export function newPodInfo(pod: Pod): PodInfo {
  return { pod, key: podKey(pod), requests: podRequests(pod), nonZeroRequests: podRequests(pod, true), terms: podAffinityTerms(pod) };
}

/** Any pod affinity or anti-affinity term, required or preferred. */
export const hasAffinity = (p: PodInfo): boolean => {
  const t = p.terms;
  return t.requiredAffinity.length + t.requiredAntiAffinity.length + t.preferredAffinity.length + t.preferredAntiAffinity.length > 0;
};
export const hasRequiredAntiAffinity = (p: PodInfo): boolean => p.terms.requiredAntiAffinity.length > 0;

/** "protocol/port" per host IP; the wildcard IP is 0.0.0.0. */
export class HostPorts {
  readonly #byIP = new Map<string, Map<string, number>>();

  add(ip: string, protocol: string, port: number, sign = 1): void {
    const ports = this.#byIP.get(ip) ?? new Map<string, number>();
    const key = `${protocol}/${port}`;
    const n = (ports.get(key) ?? 0) + sign;
    if (n > 0) ports.set(key, n);
    else ports.delete(key);
    if (ports.size) this.#byIP.set(ip, ports);
    else this.#byIP.delete(ip);
  }

  /** A wildcard on either side conflicts with every IP for the same protocol and port. */
  conflicts(ip: string, protocol: string, port: number): boolean {
    const key = `${protocol}/${port}`;
    if (ip === WILDCARD_IP) return [...this.#byIP.values()].some((ports) => ports.has(key));
    return Boolean(this.#byIP.get(ip)?.has(key) || this.#byIP.get(WILDCARD_IP)?.has(key));
  }

  clone(): HostPorts {
    const copy = new HostPorts();
    for (const [ip, ports] of this.#byIP) copy.#byIP.set(ip, new Map(ports));
    return copy;
  }
}

export const WILDCARD_IP = '0.0.0.0';

export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

/** The host ports a pod's containers ask for (hostPort > 0). */
export function podHostPorts(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
    for (const p of c.ports ?? []) {
      if (p.hostPort && p.hostPort > 0) out.push({ ip: p.hostIP || WILDCARD_IP, protocol: p.protocol ?? 'TCP', port: p.hostPort });
    }
  }
  return out;
}

export class NodeInfo {
  node: Node | undefined;
  pods: PodInfo[] = [];
  /** The pods with any pod (anti-)affinity term, so InterPodAffinity need not look at the others. */
  podsWithAffinity: PodInfo[] = [];
  podsWithRequiredAntiAffinity: PodInfo[] = [];
  requested: ResourceList = {};
  nonZeroRequested: ResourceList = {};
  allocatable: ResourceList = {};
  usedPorts = new HostPorts();
  generation = 0;

  constructor(node?: Node) {
    if (node) this.setNode(node);
  }

  get name(): string {
    return this.node?.metadata?.name ?? '';
  }

  setNode(node: Node): void {
    this.node = node;
    this.allocatable = toResourceList((node.status?.allocatable ?? node.status?.capacity) as Record<string, string> | undefined);
  }

  addPod(info: PodInfo): void {
    this.pods.push(info);
    if (hasAffinity(info)) this.podsWithAffinity.push(info);
    if (hasRequiredAntiAffinity(info)) this.podsWithRequiredAntiAffinity.push(info);
    this.#account(info, 1);
  }

  /** False when the pod was not on this node. */
  removePod(key: string): boolean {
    const i = this.pods.findIndex((p) => p.key === key);
    if (i < 0) return false;
    const [info] = this.pods.splice(i, 1);
    const drop = (list: PodInfo[]) => {
      const j = list.findIndex((p) => p.key === key);
      if (j >= 0) list.splice(j, 1);
    };
    if (hasAffinity(info!)) drop(this.podsWithAffinity);
    if (hasRequiredAntiAffinity(info!)) drop(this.podsWithRequiredAntiAffinity);
    this.#account(info!, -1);
    return true;
  }

  clone(): NodeInfo {
    const c = new NodeInfo();
    c.node = this.node;
    c.pods = [...this.pods];
    c.podsWithAffinity = [...this.podsWithAffinity];
    c.podsWithRequiredAntiAffinity = [...this.podsWithRequiredAntiAffinity];
    c.requested = { ...this.requested };
    c.nonZeroRequested = { ...this.nonZeroRequested };
    c.allocatable = this.allocatable;
    c.usedPorts = this.usedPorts.clone();
    c.generation = this.generation;
    return c;
  }

  #account(info: PodInfo, sign: number): void {
    add(this.requested, info.requests, sign);
    add(this.nonZeroRequested, info.nonZeroRequests, sign);
    for (const p of podHostPorts(info.pod)) this.usedPorts.add(p.ip, p.protocol, p.port, sign);
  }
}
