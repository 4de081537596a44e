// Which pods back a Service and how: readiness, whether a pod belongs in endpoints at all, its
// address for the Service's IP family and the container port a service port targets. Shared by the
// Endpoints and EndpointSlice controllers (upstream: pkg/api/v1/pod, pkg/controller/util/endpoint).
import type { Pod, Service, ServicePort } from 'kubernetes-types/core/v1.d.ts';
import { selectorFromSet, type Selector } from '../../api/selectors/index.ts';
import type { ReadonlyStore } from '../../client/index.ts';

export function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export function isPodTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** Upstream ShouldPodBeInEndpoints: not finished, has an IP, and not terminating unless asked. */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (isPodTerminal(pod)) return false;
  if (!pod.status?.podIP && !pod.status?.podIPs?.length) return false;
  return includeTerminating || !pod.metadata?.deletionTimestamp;
}

export function podIPs(pod: Pod): string[] {
  const ips = (pod.status?.podIPs ?? []).map((p) => p.ip).filter((ip): ip is string => !!ip);
  return ips.length > 0 ? ips : pod.status?.podIP ? [pod.status.podIP] : [];
}

export const isIPv6 = (ip: string) => ip.includes(':');

/** The container port a service port reaches on this pod; undefined when a named port is missing. */
export function findPort(pod: Pod, servicePort: ServicePort): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  const asNumber = Number(target);
  if (target !== '' && Number.isInteger(asNumber)) return asNumber;
  const protocol = servicePort.protocol ?? 'TCP';
  // Sidecars (init containers that keep running) serve ports too.
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
  for (const c of containers) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  return undefined;
}

/** A pod's own DNS name under a headless Service is published only when its subdomain names it. */
export function hostnameFor(pod: Pod, service: Service): string | undefined {
  const hostname = pod.spec?.hostname;
  return hostname && pod.spec?.subdomain === service.metadata?.name && pod.metadata?.namespace === service.metadata?.namespace ? hostname : undefined;
}

export const isHeadless = (service: Service) => service.spec?.clusterIP === 'None';

/**
 * A Service's selector as a Selector; undefined for Services whose endpoints someone else manages.
 * An empty selector counts as none: upstream stores it omitted, so it reads back as nil.
 */
export function serviceSelector(service: Service): Selector | undefined {
  const selector = service.spec?.selector;
  if (!selector || Object.keys(selector).length === 0 || service.spec?.type === 'ExternalName') return undefined;
  return selectorFromSet(selector);
}

export function podsForService(pods: ReadonlyStore<Pod>, service: Service): Pod[] {
  const selector = serviceSelector(service);
  return selector ? pods.list(selector, service.metadata?.namespace ?? '') : [];
}

/** Services in the pod's namespace whose selector picks it (old labels too, so a pod that leaves is seen). */
export function servicesForPod(services: ReadonlyStore<Service>, ...versions: Pod[]): Service[] {
  const found = new Map<string, Service>();
  for (const pod of versions) {
    for (const svc of services.list(undefined, pod.metadata?.namespace ?? '')) {
      if (serviceSelector(svc)?.matches(pod.metadata?.labels)) found.set(svc.metadata!.name!, svc);
    }
  }
  return [...found.values()];
}
