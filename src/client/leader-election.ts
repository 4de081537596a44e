// Leader election on a coordination.k8s.io/v1 Lease (client-go tools/leaderelection): candidates race
// to write their identity into the Lease; the holder renews it every retry period; others take over
// once they have seen the same record unchanged for a whole lease duration. Expiry is judged by when
// *this* candidate observed the record change, not by the holder's timestamps, so clock skew between
// machines does not matter.
import type { Lease, LeaseSpec } from 'kubernetes-types/coordination/v1.d.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import type { ApiClient } from './client.ts';
import { realClock, sleep, type Clock } from './clock.ts';
import { isAlreadyExists, isConflict, isNotFound } from './errors.ts';
import type { ResourceClient } from './resource.ts';

export interface LeaderElectionOptions {
  client: ApiClient;
  namespace: string;
  /** The Lease's name, e.g. 'kites-controller-manager'. */
  name: string;
  /** Unique per candidate, e.g. hostname + '_' + random. */
  identity: string;
  /** How long a non-renewed lease stays held (default 15 s; whole seconds on the wire). */
  leaseDurationMs?: number;
  /** The leader gives up when it has not renewed for this long (default 10 s). */
  renewDeadlineMs?: number;
  /** How often to try acquiring or renewing (default 2 s). */
  retryPeriodMs?: number;
  /** On cancel, clear the holder so another candidate takes over at once (default true). */
  releaseOnCancel?: boolean;
  /** Runs while leading; `signal` aborts when leadership is lost or the elector stops. */
  onStartedLeading(signal: AbortSignal): void | Promise<void>;
  onStoppedLeading?(): void;
  /** Called when the observed holder changes (including to this candidate). */
  onNewLeader?(identity: string): void;
  clock?: Clock;
  logger?: Logger;
}

/** metav1.MicroTime: RFC 3339 with microseconds. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

export class LeaderElector {
  readonly #o: LeaderElectionOptions;
  readonly #leases: ResourceClient<Lease>;
  readonly #clock: Clock;
  readonly #log: Logger;
  #observed: { spec: string; at: number; holder: string } | undefined;
  #leading = false;

  constructor(options: LeaderElectionOptions) {
    this.#o = options;
    this.#leases = options.client.forKind<Lease>('coordination.k8s.io', 'v1', 'Lease', options.namespace);
    this.#clock = options.clock ?? realClock;
    this.#log = (options.logger ?? createLogger()).with({ component: 'leader-election', lease: `${options.namespace}/${options.name}`, identity: options.identity });
  }

  isLeader(): boolean {
    return this.#leading;
  }

  /** The holder as last observed. */
  leader(): string | undefined {
    return this.#observed?.holder || undefined;
  }

  /** Campaigns until leading, leads until the lease is lost or `signal` aborts, then returns. */
  async run(signal: AbortSignal): Promise<void> {
    const retry = this.#o.retryPeriodMs ?? 2000;
    while (!signal.aborted && !(await this.#tryAcquireOrRenew(signal))) await sleep(this.#clock, retry, signal);
    if (signal.aborted) return;
    this.#leading = true;
    this.#log.info('became leader');
    const leadership = new AbortController();
    void Promise.resolve()
      .then(() => this.#o.onStartedLeading(leadership.signal))
      .catch((err) => this.#log.error('onStartedLeading failed', { error: String(err) }));
    await this.#renewLoop(signal);
    leadership.abort();
    this.#leading = false;
    if (signal.aborted && (this.#o.releaseOnCancel ?? true)) await this.#release();
    this.#log.info('stopped leading');
    this.#o.onStoppedLeading?.();
  }

  async #renewLoop(signal: AbortSignal): Promise<void> {
    const retry = this.#o.retryPeriodMs ?? 2000;
    const deadline = this.#o.renewDeadlineMs ?? 10_000;
    let renewed = this.#clock.now();
    while (!signal.aborted) {
      await sleep(this.#clock, retry, signal);
      if (signal.aborted) return;
      if (await this.#tryAcquireOrRenew(signal)) renewed = this.#clock.now();
      else if (this.#clock.now() - renewed >= deadline) {
        this.#log.warn('failed to renew the lease in time; giving up leadership');
        return;
      }
    }
  }

  async #tryAcquireOrRenew(signal: AbortSignal): Promise<boolean> {
    const now = this.#clock.now();
    const durationS = Math.max(1, Math.round((this.#o.leaseDurationMs ?? 15_000) / 1000));
    const mine: LeaseSpec = { holderIdentity: this.#o.identity, leaseDurationSeconds: durationS, acquireTime: microTime(now), renewTime: microTime(now), leaseTransitions: 0 };
    try {
      let lease: Lease;
      try {
        lease = await this.#leases.get(this.#o.name, { signal });
      } catch (err) {
        if (!isNotFound(err)) throw err;
        await this.#leases.create({ metadata: { name: this.#o.name, namespace: this.#o.namespace }, spec: mine }, { signal });
        this.#observe(mine, now);
        return true;
      }
      const spec = lease.spec ?? {};
      this.#observe(spec, now);
      const holder = spec.holderIdentity ?? '';
      const held = holder !== '' && holder !== this.#o.identity;
      if (held && this.#observed!.at + (spec.leaseDurationSeconds ?? durationS) * 1000 > now) return false;
      const next: LeaseSpec =
        holder === this.#o.identity
          ? { ...spec, leaseDurationSeconds: durationS, renewTime: microTime(now) }
          : { ...mine, leaseTransitions: (spec.leaseTransitions ?? 0) + 1 };
      await this.#leases.update({ ...lease, spec: next }, { signal });
      this.#observe(next, now);
      return true;
    } catch (err) {
      if (!signal.aborted && !isConflict(err) && !isAlreadyExists(err)) this.#log.warn('lease update failed', { error: String(err) });
      return false;
    }
  }

  #observe(spec: LeaseSpec, now: number): void {
    const text = JSON.stringify(spec);
    if (this.#observed?.spec === text) return;
    const holder = spec.holderIdentity ?? '';
    if (holder !== this.#observed?.holder && holder) this.#o.onNewLeader?.(holder);
    this.#observed = { spec: text, at: now, holder };
  }

  /** Hands the lease back: an empty holder that expires in a second (upstream's release). */
  async #release(): Promise<void> {
    try {
      const lease = await this.#leases.get(this.#o.name);
      if (lease.spec?.holderIdentity !== this.#o.identity) return;
      const now = microTime(this.#clock.now());
      await this.#leases.update({ ...lease, spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now } });
    } catch (err) {
      this.#log.warn('failed to release the lease', { error: String(err) });
    }
  }
}
