// Aggregated discovery (KEP-3352): every group, version and resource in one APIGroupDiscoveryList, so a
// client learns the whole API in two requests (/api and /apis). apidiscovery.k8s.io/v2 and v2beta1 have
// the same JSON shape; only apiVersion differs (k8s.io/api/apidiscovery/v2/types.go).
import type { ResourceType } from '../schema/types.ts';
import { type DiscoverySource, groups, resourcesOf, sortedSubresources, subresourceKind } from './source.ts';

export type AggregatedVersion = 'v2' | 'v2beta1';

interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface APIResourceDiscovery {
  resource: string;
  responseKind: GroupVersionKind;
  scope: 'Namespaced' | 'Cluster';
  singularResource: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: { subresource: string; responseKind: GroupVersionKind; verbs: string[] }[];
}

export interface APIGroupDiscovery {
  metadata: { name?: string; creationTimestamp: null };
  versions: { version: string; resources: APIResourceDiscovery[]; freshness: 'Current' }[];
}

export interface APIGroupDiscoveryList {
  kind: 'APIGroupDiscoveryList';
  apiVersion: string;
  metadata: Record<string, never>;
  items: APIGroupDiscovery[];
}

/** `/api` (scope 'core': the core group only) or `/apis` (scope 'named': every other group). */
export function aggregatedDiscovery(source: DiscoverySource, scope: 'core' | 'named', version: AggregatedVersion): APIGroupDiscoveryList {
  const selected = groups(source).filter((g) => (g.group === '') === (scope === 'core'));
  const items = selected.map((g) => ({
    // The core group has no name; upstream leaves metadata.name out rather than sending "".
    metadata: g.group === '' ? { creationTimestamp: null } : { name: g.group, creationTimestamp: null },
    versions: g.versions.map((v) => ({
      version: v,
      resources: resourcesOf(source, g.group, v).map(resourceDiscovery),
      freshness: 'Current' as const,
    })),
  }));
  return { kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items };
}

function resourceDiscovery(r: ResourceType): APIResourceDiscovery {
  const entry: APIResourceDiscovery = {
    resource: r.plural,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: r.verbs,
  };
  if (r.shortNames.length > 0) entry.shortNames = r.shortNames;
  if (r.categories.length > 0) entry.categories = r.categories;
  const subs = sortedSubresources(r);
  // client-go rejects a subresource without a responseKind, so every one carries a full group/version/kind.
  if (subs.length > 0) entry.subresources = subs.map((s) => ({ subresource: s.name, responseKind: subresourceKind(r, s), verbs: s.verbs }));
  return entry;
}
