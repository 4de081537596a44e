// The informer's read-only store: objects by "namespace/name" key with indexes by namespace, label
// and owner UID (and any named index a controller adds, e.g. pods by node). Objects in it are deeply
// frozen: they are shared by every consumer, so copy (structuredClone) before modifying.
import type { Selector } from '../api/selectors/index.ts';
import type { KubeObject } from './resource.ts';

/** "namespace/name", or "name" for cluster-scoped objects (upstream's MetaNamespaceKeyFunc). */
export function objectKey(obj: KubeObject): string {
  const name = obj.metadata?.name ?? '';
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${name}` : name;
}

export function splitKey(key: string): { namespace?: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Values an object is filed under in a named index. */
export type IndexFunc<T> = (obj: T) => string[];

export interface ReadonlyStore<T extends KubeObject> {
  get(key: string): T | undefined;
  /** get by parts: getByName('default', 'web') or getByName(undefined, 'node-1'). */
  getByName(namespace: string | undefined, name: string): T | undefined;
  keys(): string[];
  size(): number;
  /** All objects, optionally in one namespace and matching a label selector. */
  list(selector?: Selector, namespace?: string): T[];
  /** Objects whose ownerReferences name this UID. */
  byOwner(uid: string): T[];
  byIndex(index: string, value: string): T[];
}

const LABEL_INDEX = '__labels';
const NAMESPACE_INDEX = '__namespace';
const OWNER_INDEX = '__owner';

export class Store<T extends KubeObject> implements ReadonlyStore<T> {
  readonly #items = new Map<string, T>();
  readonly #indexers = new Map<string, IndexFunc<T>>();
  readonly #indexes = new Map<string, Map<string, Set<string>>>();

  constructor() {
    this.addIndex(NAMESPACE_INDEX, (o) => [o.metadata?.namespace ?? '']);
    this.addIndex(OWNER_INDEX, (o) => (o.metadata?.ownerReferences ?? []).map((r) => r.uid));
    this.addIndex(LABEL_INDEX, (o) => Object.entries(o.metadata?.labels ?? {}).map(([k, v]) => `${k}=${v}`));
  }

  /** Adds a named index (and files the objects already stored under it). */
  addIndex(name: string, fn: IndexFunc<T>): void {
    if (this.#indexers.has(name)) throw new Error(`index "${name}" already exists`);
    this.#indexers.set(name, fn);
    this.#indexes.set(name, new Map());
    for (const [key, obj] of this.#items) this.#file(name, key, fn(obj));
  }

  /** Stores (frozen) and returns the previous object under the same key. */
  put(obj: T): T | undefined {
    const key = objectKey(obj);
    const old = this.#items.get(key);
    if (old) this.#unindex(key, old);
    deepFreeze(obj);
    this.#items.set(key, obj);
    for (const [name, fn] of this.#indexers) this.#file(name, key, fn(obj));
    return old;
  }

  remove(key: string): T | undefined {
    const old = this.#items.get(key);
    if (!old) return undefined;
    this.#unindex(key, old);
    this.#items.delete(key);
    return old;
  }

  get(key: string): T | undefined {
    return this.#items.get(key);
  }

  getByName(namespace: string | undefined, name: string): T | undefined {
    return this.#items.get(namespace ? `${namespace}/${name}` : name);
  }

  keys(): string[] {
    return [...this.#items.keys()];
  }

  size(): number {
    return this.#items.size;
  }

  list(selector?: Selector, namespace?: string): T[] {
    let candidates: Iterable<string> = namespace !== undefined ? this.#lookup(NAMESPACE_INDEX, namespace) : this.#items.keys();
    // Narrow by the smallest equality requirement's label index before testing the full selector.
    for (const r of selector?.requirements ?? []) {
      if (r.operator !== '=' && r.operator !== '==' && r.operator !== 'in') continue;
      const keys = new Set(r.values.flatMap((v) => [...this.#lookup(LABEL_INDEX, `${r.key}=${v}`)]));
      if (keys.size < (candidates instanceof Set ? candidates.size : this.#items.size)) candidates = keys;
    }
    const out: T[] = [];
    for (const key of candidates) {
      const obj = this.#items.get(key);
      if (!obj) continue;
      if (namespace !== undefined && (obj.metadata?.namespace ?? '') !== namespace) continue;
      if (selector && !selector.matches(obj.metadata?.labels)) continue;
      out.push(obj);
    }
    return out;
  }

  byOwner(uid: string): T[] {
    return this.byIndex(OWNER_INDEX, uid);
  }

  byIndex(index: string, value: string): T[] {
    if (!this.#indexes.has(index)) throw new Error(`no index "${index}"`);
    return [...this.#lookup(index, value)].map((k) => this.#items.get(k)!);
  }

  #lookup(index: string, value: string): Set<string> {
    return this.#indexes.get(index)!.get(value) ?? new Set();
  }

  #file(index: string, key: string, values: string[]): void {
    const byValue = this.#indexes.get(index)!;
    for (const v of values) {
      let keys = byValue.get(v);
      if (!keys) byValue.set(v, (keys = new Set()));
      keys.add(key);
    }
  }

  #unindex(key: string, obj: T): void {
    for (const [name, fn] of this.#indexers) {
      const byValue = this.#indexes.get(name)!;
      for (const v of fn(obj)) {
        const keys = byValue.get(v);
        keys?.delete(key);
        if (keys?.size === 0) byValue.delete(v);
      }
    }
  }
}
