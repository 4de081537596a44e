// Records core/v1 Events about objects, the way `kubectl describe` shows them. Identical events
// (same object, type, reason, message and source) within ten minutes are folded into one Event whose
// count and lastTimestamp are patched, as upstream's EventCorrelator does, so a crash loop makes one
// Event, not thousands. Names follow upstream: "<object name>.<hex of unix nanoseconds>".
import type { Event, ObjectReference } from 'kubernetes-types/core/v1.d.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import type { ApiClient } from './client.ts';
import { realClock, type Clock } from './clock.ts';
import { isNotFound } from './errors.ts';
import type { KubeObject, ResourceClient } from './resource.ts';

export type EventType = 'Normal' | 'Warning';

export interface EventRecorderOptions {
  client: ApiClient;
  /** source.component and reportingComponent, e.g. 'deployment-controller', 'kubelet'. */
  component: string;
  /** source.host and reportingInstance, e.g. the node name. */
  host?: string;
  /** How long identical events fold into one (default 10 minutes). */
  aggregateWindowMs?: number;
  clock?: Clock;
  logger?: Logger;
}

interface Seen {
  namespace: string;
  name: string;
  count: number;
  lastMs: number;
}

/** Upstream's LRU holds 4096 keys; older ones simply start a new Event. */
const MAX_REMEMBERED = 4096;

/** metav1.Time: RFC 3339 to the second. */
const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export class EventRecorder {
  readonly #o: EventRecorderOptions;
  readonly #events: ResourceClient<Event>;
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #seen = new Map<string, Seen>();
  readonly #inFlight = new Map<string, Promise<void>>();
  #seq = 0n;

  constructor(options: EventRecorderOptions) {
    this.#o = options;
    this.#events = options.client.forKind<Event>('', 'v1', 'Event');
    this.#clock = options.clock ?? realClock;
    this.#log = (options.logger ?? createLogger()).with({ component: 'events', source: options.component });
  }

  /**
   * Records an event about `obj` (which should carry apiVersion and kind). Never rejects: failures are
   * logged, since an event is never worth failing a reconcile for. Await it only to know it is written.
   */
  event(obj: KubeObject, type: EventType, reason: string, message: string): Promise<void> {
    const ref = referenceTo(obj);
    const key = JSON.stringify([ref.apiVersion, ref.kind, ref.namespace, ref.name, ref.uid, type, reason, message]);
    // Events with the same key are written one after another so the count stays exact.
    const previous = this.#inFlight.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.#record(key, ref, type, reason, message)).catch((err) => this.#log.warn('could not record event', { reason, object: `${ref.namespace ?? ''}/${ref.name}`, error: String(err) }));
    this.#inFlight.set(key, next);
    void next.then(() => {
      if (this.#inFlight.get(key) === next) this.#inFlight.delete(key);
    });
    return next;
  }

  async #record(key: string, ref: ObjectReference, type: EventType, reason: string, message: string): Promise<void> {
    const now = this.#clock.now();
    const seen = this.#seen.get(key);
    if (seen && now - seen.lastMs <= (this.#o.aggregateWindowMs ?? 600_000)) {
      try {
        await this.#events.inNamespace(seen.namespace).patch(seen.name, { count: seen.count + 1, lastTimestamp: rfc3339(now) }, 'merge');
        this.#remember(key, { ...seen, count: seen.count + 1, lastMs: now });
        return;
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    const namespace = ref.namespace || 'default';
    const name = `${ref.name}.${this.#nanos(now).toString(16)}`;
    const host = this.#o.host;
    const event: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: ref,
      reason,
      message,
      type,
      source: { component: this.#o.component, ...(host ? { host } : {}) },
      reportingComponent: this.#o.component,
      reportingInstance: host ?? '',
      firstTimestamp: rfc3339(now),
      lastTimestamp: rfc3339(now),
      count: 1,
    };
    await this.#events.create(event);
    this.#remember(key, { namespace, name, count: 1, lastMs: now });
  }

  #remember(key: string, seen: Seen): void {
    this.#seen.delete(key);
    this.#seen.set(key, seen);
    if (this.#seen.size > MAX_REMEMBERED) this.#seen.delete(this.#seen.keys().next().value!);
  }

  // Unix nanoseconds, made unique within one millisecond so two events never share a name.
  #nanos(ms: number): bigint {
    this.#seq = (this.#seq + 1n) % 1_000_000n;
    return BigInt(ms) * 1_000_000n + this.#seq;
  }
}

export function referenceTo(obj: KubeObject): ObjectReference {
  const m = obj.metadata ?? {};
  const ref: ObjectReference = { apiVersion: obj.apiVersion, kind: obj.kind, namespace: m.namespace, name: m.name, uid: m.uid, resourceVersion: m.resourceVersion };
  return Object.fromEntries(Object.entries(ref).filter(([, v]) => v !== undefined)) as ObjectReference;
}
