// Builders for proxy tests: Services and their EndpointSlices in a line each.
import type { Service, ServiceSpec } from 'kubernetes-types/core/v1.d.ts';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.d.ts';

export function service(name: string, clusterIP: string, spec: Partial<ServiceSpec> = {}, ingressIPs: string[] = []): Service {
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: { namespace: 'default', name },
    spec: { clusterIP, clusterIPs: [clusterIP], type: 'ClusterIP', ports: [{ name: 'http', port: 80, protocol: 'TCP' }], ...spec },
    status: { loadBalancer: { ingress: ingressIPs.map((ip) => ({ ip })) } },
  };
}

export interface EndpointSpec {
  ip: string;
  node?: string;
  ready?: boolean;
  serving?: boolean;
  terminating?: boolean;
}

export function slice(svcName: string, endpoints: EndpointSpec[], port = 80, portName = 'http'): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
    metadata: { namespace: 'default', name: `${svcName}-abc`, labels: { 'kubernetes.io/service-name': svcName } },
    addressType: 'IPv4',
    ports: [{ name: portName, port, protocol: 'TCP' }],
    endpoints: endpoints.map((e) => ({
      addresses: [e.ip], nodeName: e.node ?? 'node-a',
      conditions: { ready: e.ready ?? true, serving: e.serving ?? e.ready ?? true, terminating: e.terminating ?? false },
    })),
  };
}
