// The scheduling queue, as upstream's PriorityQueue (pkg/scheduler/internal/queue):
//  - activeQ: pods ready to be tried, ordered by the profile's QueueSort plugin;
//  - backoffQ: pods that failed recently, released when their back-off expires
//    (initial 1 s, doubling per attempt up to 10 s);
//  - unschedulable: pods rejected by plugins, moved back only when a cluster event those plugins
//    registered happens (and their hint agrees), or after podMaxInUnschedulableMs as a safety net.
// A pod being scheduled is "in flight"; if any move request arrives meanwhile, a rejection sends it
// to backoffQ rather than unschedulable, so an event that raced with its cycle is never lost.
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { Clock, TimerHandle } from '../../client/index.ts';
import { matches, UNSCHEDULABLE_TIMEOUT, type ClusterEvent, type ClusterEventWithHint } from '../framework/events.ts';
import type { QueuedPod } from '../framework/interface.ts';
import { podKey } from '../framework/node-info.ts';
import { KeyedHeap } from './heap.ts';

export interface QueuedPodInfo extends QueuedPod {
  key: string;
  /** Scheduling attempts so far. */
  attempts: number;
  /** Plugins that rejected the pod in its last attempt; empty after an error. */
  unschedulablePlugins: Set<string>;
}

export interface SchedulingQueueOptions {
  clock: Clock;
  /** The QueueSort plugin's order. */
  less: (a: QueuedPod, b: QueuedPod) => boolean;
  /** Registered events per plugin for a pod's profile. */
  pluginEvents: (pod: Pod) => ReadonlyMap<string, readonly ClusterEventWithHint[]>;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Upstream podMaxInUnschedulablePodsDuration: 5 min. */
  podMaxInUnschedulableMs?: number;
  /** How often leftovers are checked (upstream every 30 s). */
  unschedulableFlushIntervalMs?: number;
}

export class SchedulingQueue {
  readonly #clock: Clock;
  readonly #opts: Required<Omit<SchedulingQueueOptions, 'clock' | 'less' | 'pluginEvents'>>;
  readonly #pluginEvents: SchedulingQueueOptions['pluginEvents'];
  readonly #active: KeyedHeap<QueuedPodInfo>;
  readonly #backoff: KeyedHeap<QueuedPodInfo>;
  readonly #unschedulable = new Map<string, QueuedPodInfo>();
  /** Pods popped and not yet done, with the newest version seen while in flight. */
  readonly #inFlight = new Map<string, { pod: Pod; deleted: boolean }>();
  #schedulingCycle = 0;
  #moveRequestCycle = -1;
  #waiters: ((info: QueuedPodInfo | undefined) => void)[] = [];
  #backoffTimer: TimerHandle | undefined;
  #backoffTimerAt = Infinity;
  #flushTimer: TimerHandle | undefined;
  #closed = false;

  constructor(options: SchedulingQueueOptions) {
    this.#clock = options.clock;
    this.#pluginEvents = options.pluginEvents;
    this.#opts = {
      initialBackoffMs: options.initialBackoffMs ?? 1_000,
      maxBackoffMs: options.maxBackoffMs ?? 10_000,
      podMaxInUnschedulableMs: options.podMaxInUnschedulableMs ?? 5 * 60_000,
      unschedulableFlushIntervalMs: options.unschedulableFlushIntervalMs ?? 30_000,
    };
    this.#active = new KeyedHeap<QueuedPodInfo>((p) => p.key, options.less);
    this.#backoff = new KeyedHeap<QueuedPodInfo>((p) => p.key, (a, b) => this.#backoffExpiry(a) < this.#backoffExpiry(b));
    this.#armFlush();
  }

  /** A new pending pod. */
  add(pod: Pod): void {
    const key = podKey(pod);
    if (this.#inFlight.has(key) || this.#active.has(key) || this.#backoff.has(key)) return this.update(pod);
    this.#unschedulable.delete(key);
    this.#pushActive({ pod, key, timestamp: this.#clock.now(), attempts: 0, unschedulablePlugins: new Set() });
  }

  /** A pending pod changed: take the new version; a real spec/metadata change retries an unschedulable pod. */
  update(pod: Pod): void {
    const key = podKey(pod);
    const flying = this.#inFlight.get(key);
    if (flying) {
      flying.pod = pod;
      return;
    }
    for (const q of [this.#active, this.#backoff]) {
      const info = q.get(key);
      if (info) return q.upsert({ ...info, pod });
    }
    const info = this.#unschedulable.get(key);
    if (!info) return this.add(pod);
    if (!meaningfullyChanged(info.pod, pod)) {
      info.pod = pod;
      return;
    }
    this.#unschedulable.delete(key);
    this.#requeue({ ...info, pod });
  }

  delete(pod: Pod): void {
    const key = podKey(pod);
    const flying = this.#inFlight.get(key);
    if (flying) flying.deleted = true;
    this.#active.delete(key);
    this.#backoff.delete(key);
    this.#unschedulable.delete(key);
  }

  /** The next pod to schedule; waits while the active queue is empty; undefined once closed. */
  pop(): Promise<QueuedPodInfo | undefined> {
    if (this.#closed) return Promise.resolve(undefined);
    const info = this.#active.pop();
    if (info) return Promise.resolve(this.#startFlight(info));
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** The pod's attempt is over (bound, requeued, or dropped). */
  done(key: string): void {
    this.#inFlight.delete(key);
  }

  /**
   * A pod the cycle could not place. It goes to unschedulable — unless it was rejected by no
   * plugin (an error), or a move request came while it was in flight; then to backoffQ.
   */
  addUnschedulable(info: QueuedPodInfo, podSchedulingCycle: number): void {
    const flying = this.#inFlight.get(info.key);
    if (flying?.deleted) return;
    const updated = flying && flying.pod !== info.pod && meaningfullyChanged(info.pod, flying.pod);
    const entry: QueuedPodInfo = { ...info, pod: flying?.pod ?? info.pod, timestamp: this.#clock.now() };
    if (this.#active.has(entry.key) || this.#backoff.has(entry.key) || this.#unschedulable.has(entry.key)) return;
    if (updated || this.#moveRequestCycle >= podSchedulingCycle || entry.unschedulablePlugins.size === 0) {
      this.#pushBackoff(entry);
    } else {
      this.#unschedulable.set(entry.key, entry);
    }
  }

  /** The cycle number of the most recent pop. */
  get schedulingCycle(): number {
    return this.#schedulingCycle;
  }

  /** A cluster event happened: retry the unschedulable pods whose rejecting plugins care about it. */
  onEvent(event: ClusterEvent, oldObj?: unknown, newObj?: unknown): void {
    if (event.actionType === 0) return;
    this.#moveRequestCycle = this.#schedulingCycle;
    for (const info of [...this.#unschedulable.values()]) {
      if (!this.#worthRetrying(info, event, oldObj, newObj)) continue;
      this.#unschedulable.delete(info.key);
      this.#requeue(info);
    }
  }

  /** Counts for metrics and tests. */
  lengths(): { active: number; backoff: number; unschedulable: number; inFlight: number } {
    return { active: this.#active.size, backoff: this.#backoff.size, unschedulable: this.#unschedulable.size, inFlight: this.#inFlight.size };
  }

  has(key: string): 'active' | 'backoff' | 'unschedulable' | undefined {
    if (this.#active.has(key)) return 'active';
    if (this.#backoff.has(key)) return 'backoff';
    return this.#unschedulable.has(key) ? 'unschedulable' : undefined;
  }

  close(): void {
    this.#closed = true;
    this.#clock.clearTimeout(this.#backoffTimer);
    this.#clock.clearTimeout(this.#flushTimer);
    for (const w of this.#waiters.splice(0)) w(undefined);
  }

  /** Back-off for the pod's attempts so far: initial × 2^(attempts-1), capped. */
  backoffDuration(info: QueuedPodInfo): number {
    const d = this.#opts.initialBackoffMs * 2 ** Math.max(0, info.attempts - 1);
    return Math.min(d, this.#opts.maxBackoffMs);
  }

  #backoffExpiry(info: QueuedPodInfo): number {
    return info.timestamp + this.backoffDuration(info);
  }

  #worthRetrying(info: QueuedPodInfo, event: ClusterEvent, oldObj: unknown, newObj: unknown): boolean {
    if (event === UNSCHEDULABLE_TIMEOUT || info.unschedulablePlugins.size === 0) return true;
    const registry = this.#pluginEvents(info.pod);
    for (const plugin of info.unschedulablePlugins) {
      for (const reg of registry.get(plugin) ?? []) {
        if (!matches(reg.event, event)) continue;
        if (!reg.hint) return true;
        try {
          if (reg.hint(info.pod, oldObj, newObj) === 'Queue') return true;
        } catch {
          return true; // a broken hint must not strand the pod
        }
      }
    }
    return false;
  }

  #requeue(info: QueuedPodInfo): void {
    if (info.attempts > 0 && this.#backoffExpiry(info) > this.#clock.now()) this.#pushBackoff(info);
    else this.#pushActive(info);
  }

  #startFlight(info: QueuedPodInfo): QueuedPodInfo {
    this.#schedulingCycle++;
    this.#inFlight.set(info.key, { pod: info.pod, deleted: false });
    return { ...info, attempts: info.attempts + 1 };
  }

  #pushActive(info: QueuedPodInfo): void {
    const waiter = this.#waiters.shift();
    if (waiter) waiter(this.#startFlight(info));
    else this.#active.upsert(info);
  }

  #pushBackoff(info: QueuedPodInfo): void {
    this.#backoff.upsert(info);
    this.#armBackoff();
  }

  /** One timer, at the earliest back-off expiry. */
  #armBackoff(): void {
    const top = this.#backoff.peek();
    const at = top ? this.#backoffExpiry(top) : Infinity;
    if (at >= this.#backoffTimerAt || this.#closed) return;
    this.#clock.clearTimeout(this.#backoffTimer);
    this.#backoffTimerAt = at;
    this.#backoffTimer = this.#clock.setTimeout(() => this.#flushBackoff(), at - this.#clock.now());
  }

  #flushBackoff(): void {
    this.#backoffTimerAt = Infinity;
    const now = this.#clock.now();
    for (let top = this.#backoff.peek(); top && this.#backoffExpiry(top) <= now; top = this.#backoff.peek()) {
      this.#backoff.pop();
      this.#pushActive(top);
    }
    this.#armBackoff();
  }

  #armFlush(): void {
    this.#flushTimer = this.#clock.setTimeout(() => {
      const now = this.#clock.now();
      for (const info of [...this.#unschedulable.values()]) {
        if (now - info.timestamp < this.#opts.podMaxInUnschedulableMs) continue;
        this.#unschedulable.delete(info.key);
        this.#requeue(info);
      }
      if (!this.#closed) this.#armFlush();
    }, this.#opts.unschedulableFlushIntervalMs);
  }
}

/** A change worth a retry: anything but status and bookkeeping metadata (upstream isPodUpdated). */
function meaningfullyChanged(a: Pod, b: Pod): boolean {
  const strip = (p: Pod) => {
    const { resourceVersion: _rv, generation: _g, managedFields: _mf, ...meta } = p.metadata ?? {};
    return JSON.stringify([meta, p.spec]);
  };
  return strip(a) !== strip(b);
}
