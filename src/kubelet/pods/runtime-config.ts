// How a Pod is described to the runtime: sandbox and container configs carrying the identity labels
// upstream's kubelet puts on them (io.kubernetes.pod.*, io.kubernetes.container.name), so a pod's
// sandboxes and containers can be found again by label after an agent restart.
import type { Container, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { ContainerConfig, PodSandboxConfig } from '../runtime/types.ts';
import { INIT_CONTAINER_ANNOTATION, RUN_TO_COMPLETION_ANNOTATION } from '../runtime/fake/workload.ts';
import { podDnsConfig } from './dns.ts';
import { linuxResources, linuxSecurityContext } from './linux-config.ts';

export const POD_NAME_LABEL = 'io.kubernetes.pod.name';
export const POD_NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';
export const POD_UID_LABEL = 'io.kubernetes.pod.uid';
export const CONTAINER_NAME_LABEL = 'io.kubernetes.container.name';
const RESTART_COUNT_ANNOTATION = 'io.kubernetes.container.restartCount';
const GRACE_ANNOTATION = 'io.kubernetes.pod.terminationGracePeriod';

export function podIdentity(pod: Pod): { name: string; namespace: string; uid: string } {
  return { name: pod.metadata?.name ?? '', namespace: pod.metadata?.namespace ?? 'default', uid: pod.metadata?.uid ?? '' };
}

/** The key the pod workers queue for a runtime event: the pod's "namespace/name". */
export function podKeyFromLabels(labels: Record<string, string>): string | undefined {
  const ns = labels[POD_NAMESPACE_LABEL];
  const name = labels[POD_NAME_LABEL];
  return ns && name ? `${ns}/${name}` : undefined;
}

export function sandboxConfig(pod: Pod, attempt: number): PodSandboxConfig {
  const id = podIdentity(pod);
  const dnsConfig = podDnsConfig(pod);
  return {
    metadata: { ...id, attempt },
    hostname: pod.spec?.hostname ?? id.name,
    labels: { ...(pod.metadata?.labels ?? {}), [POD_NAME_LABEL]: id.name, [POD_NAMESPACE_LABEL]: id.namespace, [POD_UID_LABEL]: id.uid },
    annotations: { ...(pod.metadata?.annotations ?? {}) },
    hostNetwork: pod.spec?.hostNetwork === true,
    ...(dnsConfig ? { dnsConfig } : {}),
  };
}

/**
 * A container's config, without envs and mounts (lifecycle.ts resolves those). Run-to-completion marks containers whose process is expected to end on
 * its own (init containers, and containers of pods that are not restarted Always); real runtimes
 * ignore it, the fake runtime uses it to decide what its pretend process does.
 */
export function containerConfig(pod: Pod, container: Container, attempt: number, init: boolean): ContainerConfig {
  const id = podIdentity(pod);
  const runToCompletion = init || (pod.spec?.restartPolicy ?? 'Always') !== 'Always';
  const annotations: Record<string, string> = {
    [RESTART_COUNT_ANNOTATION]: String(attempt),
    [GRACE_ANNOTATION]: String(pod.spec?.terminationGracePeriodSeconds ?? 30),
  };
  if (runToCompletion) annotations[RUN_TO_COMPLETION_ANNOTATION] = 'true';
  if (init) annotations[INIT_CONTAINER_ANNOTATION] = 'true';
  return {
    metadata: { name: container.name, attempt },
    image: { image: container.image ?? '' },
    ...(container.command ? { command: [...container.command] } : {}),
    ...(container.args ? { args: [...container.args] } : {}),
    ...(container.workingDir ? { workingDir: container.workingDir } : {}),
    linux: { resources: linuxResources(container), securityContext: linuxSecurityContext(pod, container) },
    labels: { [CONTAINER_NAME_LABEL]: container.name, [POD_NAME_LABEL]: id.name, [POD_NAMESPACE_LABEL]: id.namespace, [POD_UID_LABEL]: id.uid },
    annotations,
  };
}
