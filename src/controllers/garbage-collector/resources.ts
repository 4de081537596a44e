// Which resources the garbage collector watches, and how an ownerReference's apiVersion/kind maps to
// a resource it can GET. Upstream asks discovery for every resource that supports list, watch and
// delete (GetDeletableResources) and ignores events; built-in kinds are all kites has to offer here,
// so the schema registry answers the same question without a round trip.
import { sortVersions, type SchemaRegistry } from '../../api/schema/registry.ts';
import type { ResourceRef } from '../../client/index.ts';

export interface MonitoredResource extends ResourceRef {
  kind: string;
}

/** Upstream's ignoredResources: events are never owners worth tracking and churn the most. */
const ignored = new Set(['/events', 'events.k8s.io/events']);

/** One entry per group and plural (its preferred version), for resources that can be listed, watched and deleted. */
export function monitoredResources(registry: SchemaRegistry): MonitoredResource[] {
  const byResource = new Map<string, MonitoredResource[]>();
  for (const rt of registry.resources()) {
    if (rt.virtual || ignored.has(`${rt.group}/${rt.plural}`)) continue;
    if (!['list', 'watch', 'delete', 'patch'].every((v) => rt.verbs.includes(v))) continue;
    const key = `${rt.group}/${rt.plural}`;
    const entry = { group: rt.group, version: rt.version, plural: rt.plural, namespaced: rt.namespaced, kind: rt.kind };
    byResource.set(key, [...(byResource.get(key) ?? []), entry]);
  }
  return [...byResource.values()].map((versions) => {
    const preferred = sortVersions(versions.map((v) => v.version))[0];
    return versions.find((v) => v.version === preferred)!;
  });
}

/** The resource an ownerReference (or any apiVersion + kind) names, if the registry knows it. */
export function resourceFor(registry: SchemaRegistry, apiVersion: string, kind: string): MonitoredResource | undefined {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  const rt = registry.resourceForKind(group, version, kind);
  if (!rt || rt.virtual) return undefined;
  return { group: rt.group, version: rt.version, plural: rt.plural, namespaced: rt.namespaced, kind: rt.kind };
}
