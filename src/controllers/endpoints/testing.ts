// Builders for Service and Pod fixtures shared by the Endpoints and EndpointSlice tests, and what a
// node agent would report, for tests against a real server.
import type { Pod, Service, ServicePort } from 'kubernetes-types/core/v1.d.ts';
import type { ResourceClient } from '../../client/index.ts';

export interface PodFixture {
  ip?: string | string[];
  ready?: boolean;
  node?: string;
  labels?: Record<string, string>;
  ports?: { name: string; containerPort: number; protocol?: string }[];
  terminating?: boolean;
  phase?: string;
  hostname?: string;
  subdomain?: string;
}

export function pod(name: string, f: PodFixture = {}): Pod {
  const ips = f.ip === undefined ? [] : Array.isArray(f.ip) ? f.ip : [f.ip];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, labels: f.labels ?? { app: 'web' }, ...(f.terminating ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}) },
    spec: {
      containers: [{ name: 'c', image: 'x', ports: f.ports }],
      ...(f.node ? { nodeName: f.node } : {}),
      ...(f.hostname ? { hostname: f.hostname } : {}),
      ...(f.subdomain ? { subdomain: f.subdomain } : {}),
    },
    status: {
      phase: f.phase ?? 'Running',
      ...(ips.length ? { podIP: ips[0], podIPs: ips.map((ip) => ({ ip })) } : {}),
      conditions: [{ type: 'Ready', status: f.ready === false ? 'False' : 'True' }],
    },
  };
}

export function service(name: string, spec: { selector?: Record<string, string> | null; ports?: ServicePort[]; clusterIP?: string; publishNotReadyAddresses?: boolean; labels?: Record<string, string>; ipFamilies?: string[] } = {}): Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default', uid: `uid-svc-${name}`, ...(spec.labels ? { labels: spec.labels } : {}) },
    spec: {
      ...(spec.selector === null ? {} : { selector: spec.selector ?? { app: 'web' } }),
      ports: spec.ports ?? [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
      clusterIP: spec.clusterIP ?? '10.43.0.20',
      ipFamilies: spec.ipFamilies ?? ['IPv4'],
      ...(spec.publishNotReadyAddresses ? { publishNotReadyAddresses: true } : {}),
    },
  };
}

/** What a node agent would report: the pod running with an IP, ready or not. */
export async function markPod(pods: ResourceClient<Pod>, name: string, ip: string, ready: boolean): Promise<void> {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  await pods.patchStatus(name, { status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: now }] } }, 'merge');
}
