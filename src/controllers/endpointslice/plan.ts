// How to get from a Service's existing EndpointSlices to the desired endpoints with few writes (after
// upstream's reconciler): endpoints stay in the slice they are in, changed or removed ones update that
// slice in place, emptied slices go (or are reused), new endpoints first fill slices already being
// written, then a slice with room, then new slices of at most maxEndpointsPerSlice. A Service with no
// endpoints keeps one empty placeholder slice.
import { isDeepStrictEqual } from 'node:util';
import type { Service } from 'kubernetes-types/core/v1.d.ts';
import type { Endpoint, EndpointSlice } from 'kubernetes-types/discovery/v1.d.ts';
import type { OwnerReference } from 'kubernetes-types/meta/v1.d.ts';
import { isHeadless } from '../endpoints/pods.ts';
import { addressTypesFor, groupKey, type AddressType, type EndpointGroup } from './desired.ts';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
export const MAX_ENDPOINTS_PER_SLICE = 100;

export interface SlicePlan {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
}

export function sliceLabels(service: Service): Record<string, string> {
  const labels: Record<string, string> = { ...service.metadata?.labels };
  delete labels[HEADLESS_LABEL];
  labels[SERVICE_NAME_LABEL] = service.metadata!.name!;
  labels[MANAGED_BY_LABEL] = CONTROLLER_NAME;
  if (isHeadless(service)) labels[HEADLESS_LABEL] = '';
  return labels;
}

function ownerRef(service: Service): OwnerReference {
  return { apiVersion: 'v1', kind: 'Service', name: service.metadata!.name!, uid: service.metadata!.uid!, controller: true, blockOwnerDeletion: true };
}

const endpointKey = (e: Endpoint) => e.targetRef?.uid ?? e.addresses.join(',');
/** JSON-equal: absent and undefined fields alike, key order ignored. */
const same = (a: unknown, b: unknown) => isDeepStrictEqual(JSON.parse(JSON.stringify(a ?? null)), JSON.parse(JSON.stringify(b ?? null)));
const isPlaceholder = (s: EndpointSlice) => (s.endpoints ?? []).length === 0 && (s.ports ?? []).length === 0;

export function planSlices(service: Service, desired: Map<string, EndpointGroup>, existing: readonly EndpointSlice[], max = MAX_ENDPOINTS_PER_SLICE): SlicePlan {
  const plan: SlicePlan = { create: [], update: [], delete: [] };
  const labels = sliceLabels(service);
  const supported = new Set<string>(addressTypesFor(service));
  const byGroup = new Map<string, EndpointSlice[]>();
  for (const slice of existing) {
    if (!supported.has(slice.addressType)) {
      plan.delete.push(slice);
      continue;
    }
    const key = groupKey(slice.addressType, slice.ports ?? []);
    byGroup.set(key, [...(byGroup.get(key) ?? []), slice]);
  }
  for (const key of new Set([...byGroup.keys(), ...desired.keys()])) {
    planGroup(service, labels, desired.get(key), byGroup.get(key) ?? [], max, plan);
  }
  keepPlaceholder(service, labels, existing, plan);
  return plan;
}

function planGroup(service: Service, labels: Record<string, string>, group: EndpointGroup | undefined, slices: EndpointSlice[], max: number, plan: SlicePlan): void {
  const wanted = new Map((group?.endpoints ?? []).map((e) => [endpointKey(e), e]));
  const updating: EndpointSlice[] = [];
  const unchanged: EndpointSlice[] = [];
  const emptied: EndpointSlice[] = [];
  for (const slice of slices) {
    let changed = !same(slice.metadata?.labels, labels);
    const kept: Endpoint[] = [];
    for (const current of slice.endpoints ?? []) {
      const want = wanted.get(endpointKey(current));
      if (!want) {
        changed = true;
        continue;
      }
      wanted.delete(endpointKey(current));
      if (!same(current, want)) changed = true;
      kept.push(want);
    }
    if (kept.length === 0) emptied.push(slice);
    else (changed ? updating : unchanged).push(withEndpoints(slice, labels, kept));
  }
  const remaining = [...wanted.values()];
  for (const slice of updating) while (slice.endpoints.length < max && remaining.length > 0) slice.endpoints.push(remaining.shift()!);
  while (remaining.length > 0) {
    if (remaining.length < max) {
      const roomy = unchanged.filter((s) => s.endpoints.length + remaining.length <= max).sort((a, b) => b.endpoints.length - a.endpoints.length)[0];
      if (roomy) {
        unchanged.splice(unchanged.indexOf(roomy), 1);
        roomy.endpoints.push(...remaining.splice(0));
        updating.push(roomy);
        break;
      }
    }
    const chunk = remaining.splice(0, max);
    const reuse = emptied.pop();
    if (reuse) updating.push(withEndpoints(reuse, labels, chunk));
    else plan.create.push(newSlice(service, labels, group!, chunk));
  }
  plan.update.push(...updating);
  plan.delete.push(...emptied);
}

function withEndpoints(slice: EndpointSlice, labels: Record<string, string>, endpoints: Endpoint[]): EndpointSlice {
  const next = structuredClone(slice) as EndpointSlice;
  next.metadata = { ...next.metadata, labels: { ...labels } };
  next.endpoints = [...endpoints];
  return next;
}

function newSlice(service: Service, labels: Record<string, string>, group: Pick<EndpointGroup, 'addressType' | 'ports'>, endpoints: Endpoint[]): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { generateName: `${service.metadata!.name}-`, namespace: service.metadata!.namespace, labels: { ...labels }, ownerReferences: [ownerRef(service)] },
    addressType: group.addressType,
    endpoints,
    ports: group.ports,
  };
}

/** Exactly one empty slice remains for a Service left with no slices at all. */
function keepPlaceholder(service: Service, labels: Record<string, string>, existing: readonly EndpointSlice[], plan: SlicePlan): void {
  const remaining = existing.length - plan.delete.length + plan.create.length;
  if (remaining > 0) return;
  const primary: AddressType = addressTypesFor(service)[0]!;
  const placeholder = plan.delete.find((s) => isPlaceholder(s) && s.addressType === primary);
  if (!placeholder) {
    plan.create.push(newSlice(service, labels, { addressType: primary, ports: [] }, []));
    return;
  }
  plan.delete.splice(plan.delete.indexOf(placeholder), 1);
  if (!same(placeholder.metadata?.labels, labels)) plan.update.push(withEndpoints(placeholder, labels, []));
}
