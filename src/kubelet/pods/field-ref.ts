// The downward API's values, shared by env (valueFrom.fieldRef/resourceFieldRef) and downwardAPI
// volumes, as upstream computes them (pkg/api/v1/resource, pkg/fieldpath, kubelet_pods.go
// podFieldSelectorRuntimeValue): status IPs come from the runtime, limits a container does not set
// default to the node's allocatable, values are divided by the divisor and rounded up.
import type { Container, ObjectFieldSelector, Pod, ResourceFieldSelector } from 'kubernetes-types/core/v1.d.ts';
import { milliValue, value } from '../../scheduler/framework/quantity.ts';

export interface RuntimeFields {
  podIPs: string[];
  hostIPs: string[];
}

export class FieldRefError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldRefError';
  }
}

/** upstream FormatMap: `key="value"` lines, keys sorted. */
export function formatMap(m: Record<string, string>): string {
  return Object.keys(m).sort().map((k) => `${k}=${JSON.stringify(m[k])}`).join('\n');
}

export function fieldRefValue(pod: Pod, ref: ObjectFieldSelector, rt: RuntimeFields): string {
  const path = ref.fieldPath;
  const m = pod.metadata ?? {};
  const subscript = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (subscript) return (subscript[1] === 'labels' ? m.labels : m.annotations)?.[subscript[2]!] ?? '';
  switch (path) {
    case 'metadata.name': return m.name ?? '';
    case 'metadata.namespace': return m.namespace ?? '';
    case 'metadata.uid': return m.uid ?? '';
    case 'metadata.labels': return formatMap(m.labels ?? {});
    case 'metadata.annotations': return formatMap(m.annotations ?? {});
    case 'spec.nodeName': return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName': return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP': return rt.hostIPs[0] ?? '';
    case 'status.hostIPs': return rt.hostIPs.join(',');
    case 'status.podIP': return rt.podIPs[0] ?? '';
    case 'status.podIPs': return rt.podIPs.join(',');
  }
  throw new FieldRefError(`unsupported fieldPath: ${path}`);
}

/** `container` is the one named by ref.containerName (env defaults it to the container itself). */
export function resourceFieldRefValue(ref: ResourceFieldSelector, container: Container, allocatable: Record<string, string>): string {
  const [kind, resource] = splitResource(ref.resource);
  const requests = container.resources?.requests ?? {};
  const limits = { ...allocatable, ...(container.resources?.limits ?? {}) };
  const q = (kind === 'limits' ? limits : requests)[resource] ?? '0';
  const divisor = ref.divisor ?? '1';
  if (resource === 'cpu') return String(Math.ceil(milliValue(q) / milliValue(divisor)));
  return String(Math.ceil(value(q) / value(divisor)));
}

function splitResource(resource: string): ['limits' | 'requests', string] {
  const m = /^(limits|requests)\.(.+)$/.exec(resource);
  if (!m || !(['cpu', 'memory', 'ephemeral-storage'].includes(m[2]!) || m[2]!.startsWith('hugepages-'))) throw new FieldRefError(`unsupported container resource : ${resource}`);
  return [m[1] as 'limits' | 'requests', m[2]!];
}
