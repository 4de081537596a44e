// Unaggregated discovery: /api (APIVersions), /apis (APIGroupList), /api/v1 and /apis/G/V (APIResourceList).
// Shapes follow metav1 (k8s.io/apimachinery/pkg/apis/meta/v1/types.go); clients that do not ask for the
// aggregated format (and kubectl before 1.26) walk these.
import type { ResourceType } from '../schema/types.ts';
import { type DiscoverySource, groupVersion, groups, resourcesOf, sortedSubresources } from './source.ts';

export interface APIResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  group?: string;
  version?: string;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
}

export interface APIResourceList {
  kind: 'APIResourceList';
  apiVersion: 'v1';
  groupVersion: string;
  resources: APIResource[];
}

export interface APIGroup {
  name: string;
  versions: { groupVersion: string; version: string }[];
  preferredVersion: { groupVersion: string; version: string };
}

/** `/api`: the core group's versions and the address clients should use, per client network. */
export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

/** `/apis`: every named group (the core group lives at /api). */
export function apiGroupList(source: DiscoverySource): { kind: 'APIGroupList'; apiVersion: 'v1'; groups: APIGroup[] } {
  const named = groups(source).filter((g) => g.group !== '');
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: named.map((g) => apiGroup(g.group, g.versions)) };
}

export function apiGroup(group: string, versions: string[]): APIGroup {
  const entries = versions.map((version) => ({ groupVersion: groupVersion(group, version), version }));
  return { name: group, versions: entries, preferredVersion: entries[0]! };
}

/** `/api/v1`, `/apis/G/V`: each resource, then its subresources as `plural/sub`. */
export function apiResourceList(source: DiscoverySource, group: string, version: string): APIResourceList {
  const resources = resourcesOf(source, group, version).flatMap((r) => [resourceEntry(r), ...subresourceEntries(r)]);
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion(group, version), resources };
}

function resourceEntry(r: ResourceType): APIResource {
  const entry: APIResource = { name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs };
  if (r.shortNames.length > 0) entry.shortNames = r.shortNames;
  if (r.categories.length > 0) entry.categories = r.categories;
  return entry;
}

function subresourceEntries(r: ResourceType): APIResource[] {
  return sortedSubresources(r).map((s) => {
    const entry: APIResource = { name: `${r.plural}/${s.name}`, singularName: '', namespaced: r.namespaced, kind: s.kind ?? r.kind, verbs: s.verbs };
    // Upstream names group/version only when the body's kind lives elsewhere (deployments/scale → autoscaling/v1 Scale).
    if (s.kind) {
      entry.group = s.group ?? r.group;
      entry.version = s.version ?? r.version;
    }
    return entry;
  });
}
