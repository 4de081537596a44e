// An in-memory API server behind the client's FakeTransport, just enough for controller tests: lists,
// watches, create (generateName, uid, creationTimestamp), update and /status, merge and strategic
// finalizer patches, and deletes that wait for finalizers. Tests drive "the kubelet" by writing pods.
import { randomUUID } from 'node:crypto';
import { ApiClient, EventRecorder, FakeClock, SharedInformerFactory, flush, type KubeObject } from '../../client/index.ts';
import { FakeStream, FakeTransport, statusBody, type FakeAnswer, type RecordedRequest } from '../../client/testing.ts';
import { createLogger } from '../../log/logger.ts';
import { defaultControllerOptions, type ControllerContext } from '../types.ts';

const PATH = /^\/(?:api\/v1|apis\/([^/]+)\/v1)(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?(?:\/([^/]+))?$/;
type Obj = KubeObject & Record<string, any>;

export class FakeApi {
  readonly transport = new FakeTransport();
  readonly clock: FakeClock;
  readonly #objects = new Map<string, Map<string, Obj>>();
  readonly #watchers = new Map<string, FakeStream[]>();
  #rv = 1;
  #seq = 0;

  constructor(clock = new FakeClock()) {
    this.clock = clock;
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) this.transport.on(method, /.*/, (req) => this.#handle(req));
  }

  /** Objects of a resource (by plural), optionally one namespace. */
  list<T = Obj>(plural: string, namespace?: string): T[] {
    return [...(this.#objects.get(plural)?.values() ?? [])].filter((o) => !namespace || o.metadata?.namespace === namespace) as T[];
  }

  get<T = Obj>(plural: string, namespace: string, name: string): T | undefined {
    return this.#objects.get(plural)?.get(`${namespace}/${name}`) as T | undefined;
  }

  /** Stores (creating or replacing) an object as a client would, and tells watchers. */
  put<T extends Obj>(plural: string, obj: T): T {
    const store = this.#store(plural);
    const key = `${obj.metadata?.namespace}/${obj.metadata?.name}`;
    const existed = store.has(key);
    const stored = structuredClone(obj);
    const meta: Record<string, any> = { ...stored.metadata, resourceVersion: String(++this.#rv) };
    if (!existed) {
      meta.uid ??= randomUUID();
      meta.creationTimestamp ??= new Date(this.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    stored.metadata = meta;
    if (stored.metadata.deletionTimestamp && !(stored.metadata.finalizers?.length)) {
      store.delete(key);
      this.#notify(plural, 'DELETED', stored);
      return stored;
    }
    store.set(key, stored);
    this.#notify(plural, existed ? 'MODIFIED' : 'ADDED', stored);
    return stored;
  }

  /** Changes an object in place (the test's kubelet), e.g. api.edit('pods', 'ns', 'p', (p) => (p.status = …)). */
  async edit(plural: string, namespace: string, name: string, change: (o: Obj) => void): Promise<void> {
    const obj = structuredClone(this.get(plural, namespace, name));
    if (!obj) throw new Error(`no ${plural} ${namespace}/${name}`);
    change(obj);
    this.put(plural, obj);
    await flush();
  }

  /** A ControllerContext over this fake; start its informers once the controller has asked for them. */
  context(): ControllerContext {
    const logger = createLogger({ level: 'error', write: () => undefined });
    const client = new ApiClient(this.transport.send);
    const informers = new SharedInformerFactory(client, { clock: this.clock, logger });
    const recorder = new EventRecorder({ client, component: 'kites-controller-manager', clock: this.clock, logger });
    return { client, informers, recorder, logger, clock: this.clock, options: defaultControllerOptions };
  }

  #store(plural: string): Map<string, Obj> {
    let store = this.#objects.get(plural);
    if (!store) this.#objects.set(plural, (store = new Map()));
    return store;
  }

  #notify(plural: string, type: string, obj: Obj): void {
    for (const stream of this.#watchers.get(plural) ?? []) stream.push({ type, object: obj });
  }

  #handle(req: RecordedRequest): FakeAnswer {
    const m = PATH.exec(req.url.pathname);
    if (!m) return { status: 404, body: statusBody(404, 'NotFound') };
    const [, , namespace, plural, name, sub] = m as unknown as [string, string | undefined, string | undefined, string, string | undefined, string | undefined];
    const current = name ? this.get(plural, namespace ?? '', name) : undefined;
    const body = req.json as Obj | undefined;
    switch (req.method) {
      case 'GET': {
        if (!name && req.url.searchParams.get('watch')) {
          const stream = new FakeStream();
          this.#watchers.set(plural, [...(this.#watchers.get(plural) ?? []), stream]);
          return { status: 200, stream };
        }
        if (!name) return { status: 200, body: { metadata: { resourceVersion: String(this.#rv) }, items: this.list(plural, namespace) } };
        return current ? { status: 200, body: current } : notFound(plural, name);
      }
      case 'POST': {
        const meta = { ...body!.metadata, namespace: body!.metadata?.namespace ?? namespace };
        if (!meta.name) meta.name = `${meta.generateName}${(++this.#seq).toString(36).padStart(5, 'x')}`;
        if (this.get(plural, meta.namespace ?? '', meta.name)) return { status: 409, body: statusBody(409, 'AlreadyExists', `${plural} "${meta.name}" already exists`) };
        return { status: 201, body: this.put(plural, { ...body!, metadata: meta }) };
      }
      case 'PUT': {
        if (!current) return notFound(plural, name!);
        if (body!.metadata?.resourceVersion && body!.metadata.resourceVersion !== current.metadata?.resourceVersion) return { status: 409, body: statusBody(409, 'Conflict', 'the object has been modified') };
        const next = sub === 'status' ? { ...current, status: body!.status } : { ...body!, metadata: { ...body!.metadata, uid: current.metadata?.uid, creationTimestamp: current.metadata?.creationTimestamp } };
        return { status: 200, body: this.put(plural, next) };
      }
      case 'PATCH': {
        if (!current) return notFound(plural, name!);
        return { status: 200, body: this.put(plural, applyPatch(current, body!)) };
      }
      case 'DELETE': {
        if (!current) return notFound(plural, name!);
        const deleted = { ...current, metadata: { ...current.metadata, deletionTimestamp: new Date(this.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z') } };
        return { status: 200, body: this.put(plural, deleted) };
      }
    }
    return { status: 405, body: statusBody(405, 'MethodNotAllowed') };
  }
}

function notFound(plural: string, name: string): FakeAnswer {
  return { status: 404, body: statusBody(404, 'NotFound', `${plural} "${name}" not found`) };
}

/** JSON merge patch, plus the one strategic directive controllers here send: $deleteFromPrimitiveList/finalizers. */
function applyPatch(target: Obj, patch: Obj): Obj {
  const out: Obj = structuredClone(target);
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      out[field] = (out[field] ?? []).filter((x: unknown) => !(v as unknown[]).includes(x));
    } else if (v === null) delete out[k];
    else if (typeof v === 'object' && !Array.isArray(v) && typeof out[k] === 'object' && out[k] !== null) out[k] = applyPatch(out[k], v as Obj);
    else out[k] = v;
  }
  return out;
}
