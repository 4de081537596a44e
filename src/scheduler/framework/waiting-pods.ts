// Pods held at Permit: each waits until every plugin that said Wait allows it, any rejects it, or
// its timeout passes (then it is rejected as Unschedulable, as upstream does).
import type { Clock, TimerHandle } from '../../client/index.ts';
import { Code, Status, SUCCESS } from './status.ts';

interface Waiting {
  pending: Set<string>;
  timers: TimerHandle[];
  settle: (s: Status) => void;
  result: Promise<Status>;
}

export class WaitingPods {
  readonly #pods = new Map<string, Waiting>();

  constructor(private readonly clock: Clock) {}

  /** Holds `key` until the plugins in `timeouts` (plugin → ms) all allow it. */
  wait(key: string, timeouts: ReadonlyMap<string, number>): void {
    let settle!: (s: Status) => void;
    const result = new Promise<Status>((r) => (settle = r));
    const w: Waiting = { pending: new Set(timeouts.keys()), timers: [], settle, result };
    for (const [plugin, ms] of timeouts) {
      w.timers.push(this.clock.setTimeout(() => this.reject(key, plugin, `rejected due to timeout after waiting ${ms / 1000}s at plugin ${plugin}`), ms));
    }
    this.#pods.set(key, w);
  }

  /** The verdict for a held pod; Success at once for a pod that is not held. */
  result(key: string): Promise<Status> {
    return this.#pods.get(key)?.result ?? Promise.resolve(SUCCESS);
  }

  has(key: string): boolean {
    return this.#pods.has(key);
  }

  allow(key: string, plugin: string): void {
    const w = this.#pods.get(key);
    if (!w) return;
    w.pending.delete(plugin);
    if (!w.pending.size) this.#finish(key, SUCCESS);
  }

  reject(key: string, plugin: string, message: string): void {
    if (this.#pods.has(key)) this.#finish(key, new Status(Code.Unschedulable, [message], plugin));
  }

  #finish(key: string, status: Status): void {
    const w = this.#pods.get(key)!;
    this.#pods.delete(key);
    for (const t of w.timers) this.clock.clearTimeout(t);
    w.settle(status);
  }
}
