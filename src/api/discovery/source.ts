// What discovery reads from the schema registry, and the ordering both discovery formats share.
import type { ResourceType, Subresource } from '../schema/types.ts';

/** The part of SchemaRegistry (src/api/schema/registry.ts) that discovery needs. */
export interface DiscoverySource {
  resources(): readonly ResourceType[];
  groupVersions(): { group: string; version: string; preferred: boolean }[];
}

export interface GroupVersions {
  /** '' for the core group. */
  group: string;
  /** Preferred version first, as upstream lists them. */
  versions: string[];
}

export function groupVersion(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** Groups in registry order, each with its versions, the preferred one first. */
export function groups(source: DiscoverySource): GroupVersions[] {
  const byGroup = new Map<string, { preferred: string[]; others: string[] }>();
  for (const gv of source.groupVersions()) {
    let entry = byGroup.get(gv.group);
    if (!entry) byGroup.set(gv.group, (entry = { preferred: [], others: [] }));
    const list = gv.preferred ? entry.preferred : entry.others;
    if (!entry.preferred.includes(gv.version) && !entry.others.includes(gv.version)) list.push(gv.version);
  }
  return [...byGroup].map(([group, v]) => ({ group, versions: [...v.preferred, ...v.others] }));
}

/** A group-version's resources sorted by plural, so every resource precedes its subresources (as upstream). */
export function resourcesOf(source: DiscoverySource, group: string, version: string): ResourceType[] {
  return source
    .resources()
    .filter((r) => r.group === group && r.version === version)
    .sort((a, b) => compare(a.plural, b.plural));
}

export function sortedSubresources(r: ResourceType): Subresource[] {
  return [...r.subresources].sort((a, b) => compare(a.name, b.name));
}

/** The kind a subresource's body carries: its own (Scale, Eviction…) or the parent's (status). */
export function subresourceKind(r: ResourceType, s: Subresource): { group: string; version: string; kind: string } {
  if (!s.kind) return { group: r.group, version: r.version, kind: r.kind };
  return { group: s.group ?? r.group, version: s.version ?? r.version, kind: s.kind };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
