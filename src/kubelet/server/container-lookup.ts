// Which runtime container a logs or exec request means, from the pod's status as the kubelet knows it,
// with upstream's messages (pkg/kubelet/kubelet_pods.go validateContainerLogStatus): logs of the
// running container, else the last one that ran; `previous` is the last terminated one.
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1.d.ts';

export type Lookup = { id: string } | { code: 400 | 404; message: string };

/** The container spec must exist (404 as upstream's kubelet answers). */
export function specError(pod: Pod, container: string): Lookup | undefined {
  const spec = pod.spec;
  const all = [...(spec?.containers ?? []), ...(spec?.initContainers ?? []), ...(spec?.ephemeralContainers ?? [])];
  if (all.some((c) => c.name === container)) return undefined;
  return { code: 404, message: `container "${container}" not found in pod "${pod.metadata?.name}"` };
}

export function logContainer(pod: Pod, container: string, previous: boolean): Lookup {
  const missing = specError(pod, container);
  if (missing) return missing;
  const podName = pod.metadata?.name ?? '';
  const status = containerStatus(pod, container);
  if (!status) return { code: 400, message: `container "${container}" in pod "${podName}" is not available` };
  const last = status.lastState?.terminated;
  const { waiting, running, terminated } = status.state ?? {};
  const terminatedMessage = { code: 400 as const, message: `container "${container}" in pod "${podName}" is terminated` };
  if (previous) {
    return last?.containerID ? { id: runtimeId(last.containerID) } : { code: 400, message: `previous terminated container "${container}" in pod "${podName}" not found` };
  }
  if (running && status.containerID) return { id: runtimeId(status.containerID) };
  if (terminated) {
    // A container that ended before the next one started: its predecessor's log.
    const id = terminated.containerID || last?.containerID;
    return id ? { id: runtimeId(id) } : terminatedMessage;
  }
  if (last) return last.containerID ? { id: runtimeId(last.containerID) } : terminatedMessage;
  if (waiting) {
    const reason = waiting.reason === 'ErrImagePull' ? 'image can\'t be pulled' : waiting.reason === 'ImagePullBackOff' ? 'trying and failing to pull image' : waiting.reason ?? '';
    return { code: 400, message: `container "${container}" in pod "${podName}" is waiting to start: ${reason}` };
  }
  return { code: 400, message: `container "${container}" in pod "${podName}" is waiting to start - no logs yet` };
}

/** The running container to exec in. */
export function execContainer(pod: Pod, container: string): Lookup {
  const missing = specError(pod, container);
  if (missing) return missing;
  const status = containerStatus(pod, container);
  if (status?.state?.running && status.containerID) return { id: runtimeId(status.containerID) };
  return { code: 400, message: `container ${container} is not valid for pod ${pod.metadata?.name}` };
}

function containerStatus(pod: Pod, name: string): ContainerStatus | undefined {
  const s = pod.status;
  return [...(s?.containerStatuses ?? []), ...(s?.initContainerStatuses ?? []), ...(s?.ephemeralContainerStatuses ?? [])].find((c) => c.name === name);
}

/** "runc://abc" → "abc" */
function runtimeId(containerID: string): string {
  const i = containerID.indexOf('://');
  return i < 0 ? containerID : containerID.slice(i + 3);
}
