// Where objects live in the store. Like upstream: /registry/{resource}/{namespace}/{name}; API groups
// other than core and the built-in ones keep their group in the key so that custom resources cannot
// collide with built-in resources of the same plural.
import type { ResourceType } from '../../api/schema/types.ts';

export function resourcePrefix(rt: ResourceType): string {
  const qualified = rt.group === '' ? rt.plural : `${rt.group}/${rt.plural}`;
  return `/registry/${qualified}/`;
}

/** Prefix for a list: every object of the resource, or those of one namespace. */
export function listPrefix(rt: ResourceType, namespace: string | undefined): string {
  return rt.namespaced && namespace ? `${resourcePrefix(rt)}${namespace}/` : resourcePrefix(rt);
}

export function objectKey(rt: ResourceType, namespace: string | undefined, name: string): string {
  return rt.namespaced ? `${resourcePrefix(rt)}${namespace}/${name}` : `${resourcePrefix(rt)}${name}`;
}
