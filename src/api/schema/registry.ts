// The schema registry: every kind the API server serves, and the type tree beneath each. Built-in
// kinds come from the generated type modules and the resource tables; CRDs come and go at run time.
import type { ResourceType, TypeDef } from './types.ts';
import { builtinTypes } from './types/index.ts';
import { builtinResources, groupOrder } from './resources/index.ts';

export interface SchemaRegistry {
  resources(): readonly ResourceType[];
  resource(group: string, version: string, plural: string): ResourceType | undefined;
  resourceForKind(group: string, version: string, kind: string): ResourceType | undefined;
  type(name: string): TypeDef | undefined;
  types(): Iterable<TypeDef>;
  /** Group-versions in upstream discovery order (core v1 first), each with its resources. */
  groupVersions(): { group: string; version: string; preferred: boolean }[];
  /** Custom resources (CRDs) are added and removed at run time. */
  register(resource: ResourceType, types: TypeDef[]): void;
  unregister(group: string, version: string, plural: string): void;
}

const gvKey = (group: string, version: string, name: string) => `${group}/${version}/${name}`;

class Registry implements SchemaRegistry {
  readonly #byPlural = new Map<string, ResourceType>();
  readonly #byKind = new Map<string, ResourceType>();
  readonly #types = new Map<string, TypeDef>();
  /** Type names each run-time resource brought, removed with it. */
  readonly #ownedTypes = new Map<string, string[]>();
  #list: ResourceType[] = [];

  constructor(resources: readonly ResourceType[], types: readonly TypeDef[]) {
    for (const t of types) this.#types.set(t.name, t);
    for (const r of resources) this.#add(r);
  }

  resources(): readonly ResourceType[] {
    return this.#list;
  }

  resource(group: string, version: string, plural: string): ResourceType | undefined {
    return this.#byPlural.get(gvKey(group, version, plural));
  }

  resourceForKind(group: string, version: string, kind: string): ResourceType | undefined {
    return this.#byKind.get(gvKey(group, version, kind));
  }

  type(name: string): TypeDef | undefined {
    return this.#types.get(name);
  }

  types(): Iterable<TypeDef> {
    return this.#types.values();
  }

  groupVersions(): { group: string; version: string; preferred: boolean }[] {
    const versions = new Map<string, string[]>();
    for (const r of this.#list) {
      const vs = versions.get(r.group) ?? [];
      if (!vs.includes(r.version)) vs.push(r.version);
      versions.set(r.group, vs);
    }
    const rank = (g: string) => {
      const i = groupOrder.indexOf(g);
      return i < 0 ? groupOrder.length : i;
    };
    // Built-in groups keep upstream's priority order; custom groups follow, alphabetically.
    const groups = [...versions.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    return groups.flatMap((group) => {
      const vs = sortVersions(versions.get(group)!);
      return vs.map((version, i) => ({ group, version, preferred: i === 0 }));
    });
  }

  register(resource: ResourceType, types: TypeDef[]): void {
    this.unregister(resource.group, resource.version, resource.plural);
    for (const t of types) this.#types.set(t.name, t);
    this.#ownedTypes.set(gvKey(resource.group, resource.version, resource.plural), types.map((t) => t.name));
    this.#add(resource);
  }

  unregister(group: string, version: string, plural: string): void {
    const key = gvKey(group, version, plural);
    const r = this.#byPlural.get(key);
    if (!r) return;
    this.#byPlural.delete(key);
    this.#byKind.delete(gvKey(group, version, r.kind));
    this.#list = this.#list.filter((x) => x !== r);
    for (const name of this.#ownedTypes.get(key) ?? []) this.#types.delete(name);
    this.#ownedTypes.delete(key);
  }

  #add(r: ResourceType): void {
    this.#byPlural.set(gvKey(r.group, r.version, r.plural), r);
    this.#byKind.set(gvKey(r.group, r.version, r.kind), r);
    this.#list.push(r);
  }
}

/**
 * Kubernetes version priority: GA before beta before alpha, higher numbers first, then anything that
 * is not a Kubernetes version alphabetically (as upstream's version.CompareKubeAwareVersionStrings).
 */
export function sortVersions(versions: string[]): string[] {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return undefined;
    const level = m[2] === 'alpha' ? 0 : m[2] === 'beta' ? 1 : 2;
    return { major: Number(m[1]), level, minor: Number(m[3] ?? 0) };
  };
  return [...versions].sort((a, b) => {
    const pa = parse(a);
    const pb = parse(b);
    if (!pa || !pb) return pa ? -1 : pb ? 1 : a.localeCompare(b);
    return pb.level - pa.level || pb.major - pa.major || pb.minor - pa.minor;
  });
}

/** A fresh registry holding every built-in kind (fresh so CRD registrations never leak between servers). */
export function builtinRegistry(): SchemaRegistry {
  return new Registry(builtinResources(), builtinTypes);
}
