// Resource lists as plain numbers: cpu in millicores, everything else in whole units. What a pod
// requests is computed as upstream's resource helper does (k8s.io/component-helpers/resource):
// the sum of app containers and restartable (sidecar) init containers, at least the largest
// init-container step, plus pod overhead.
import type { Container, Pod } from 'kubernetes-types/core/v1.d.ts';
import { milliValue, value } from './quantity.ts';

export type ResourceList = Record<string, number>;

export const CPU = 'cpu';
export const MEMORY = 'memory';
export const EPHEMERAL_STORAGE = 'ephemeral-storage';
export const PODS = 'pods';

/** What scoring assumes for a container that requests no cpu/memory (upstream schedutil defaults). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

/** A Kubernetes ResourceList ({cpu: '100m'}) as numbers. */
export function toResourceList(list: Readonly<Record<string, string | number>> | undefined): ResourceList {
  const out: ResourceList = {};
  for (const [name, q] of Object.entries(list ?? {})) out[name] = name === CPU ? milliValue(q) : value(q);
  return out;
}

export function add(into: ResourceList, from: Readonly<ResourceList>, sign = 1): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + sign * v;
}

function max(into: ResourceList, from: Readonly<ResourceList>): void {
  for (const [k, v] of Object.entries(from)) into[k] = Math.max(into[k] ?? 0, v);
}

function containerRequests(c: Container, nonZero: boolean): ResourceList {
  const r = toResourceList(c.resources?.requests);
  if (nonZero) {
    if (!r[CPU]) r[CPU] = DEFAULT_MILLI_CPU_REQUEST;
    if (!r[MEMORY]) r[MEMORY] = DEFAULT_MEMORY_REQUEST;
  }
  return r;
}

/**
 * The pod's effective requests. With `nonZero`, containers that request no cpu/memory count as
 * requesting the scoring defaults, so many "free" pods still spread.
 */
export function podRequests(pod: Pod, nonZero = false): ResourceList {
  const reqs: ResourceList = {};
  for (const c of pod.spec?.containers ?? []) add(reqs, containerRequests(c, nonZero));
  const sidecars: ResourceList = {};
  const initMax: ResourceList = {};
  for (const c of pod.spec?.initContainers ?? []) {
    const r = containerRequests(c, nonZero);
    if (c.restartPolicy === 'Always') {
      // A sidecar keeps running next to the app containers and every later init container.
      add(reqs, r);
      add(sidecars, r);
      max(initMax, sidecars);
    } else {
      const step = { ...r };
      add(step, sidecars);
      max(initMax, step);
    }
  }
  max(reqs, initMax);
  add(reqs, toResourceList(pod.spec?.overhead));
  return reqs;
}
