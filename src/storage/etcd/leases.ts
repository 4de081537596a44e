// Hands out etcd leases for TTL'd keys. Like the Kubernetes apiserver's lease manager
// (staging/src/k8s.io/apiserver/pkg/storage/etcd3/lease_manager.go), keys written close together share
// one lease instead of each costing a lease of its own: a lease is granted for ttl plus a short reuse
// window and handed to every write with that TTL inside the window, so each key lives at least its TTL
// and at most the window longer. Unlike the apiserver (one shared lease for all TTLs) we keep one lease
// per TTL-second bucket, so a one-hour Event never pins a lease meant for a one-minute object.

import type { LeaseClient } from 'etcd3';

/** As the apiserver: the window is 5% of the TTL, at most 60 s; a lease is shared by at most 1000 keys. */
const reusePercent = 0.05;
const maxReuseSeconds = 60;
const maxKeysPerLease = 1000;

interface CachedLease {
  id: string;
  /** Milliseconds (clock time) at which etcd will expire the lease. */
  expiresAt: number;
  keys: number;
}

export class LeaseManager {
  private readonly byTTL = new Map<number, CachedLease>();

  constructor(
    private readonly leases: LeaseClient,
    private readonly now: () => number,
  ) {}

  async leaseFor(ttlSeconds: number): Promise<string> {
    const now = this.now();
    const reuseSeconds = Math.min(Math.floor(reusePercent * ttlSeconds), maxReuseSeconds);
    const cached = this.byTTL.get(ttlSeconds);
    // Reusable only while it still outlives the new key's TTL, and was granted within the window.
    if (
      cached &&
      cached.keys < maxKeysPerLease &&
      now + ttlSeconds * 1000 < cached.expiresAt &&
      now + (ttlSeconds + reuseSeconds) * 1000 >= cached.expiresAt
    ) {
      cached.keys++;
      return cached.id;
    }
    const granted = await this.leases.leaseGrant({ TTL: ttlSeconds + reuseSeconds });
    this.byTTL.set(ttlSeconds, { id: granted.ID, expiresAt: now + (ttlSeconds + reuseSeconds) * 1000, keys: 1 });
    return granted.ID;
  }

  /** Forgets a lease etcd no longer knows (revoked by someone else), so the next write gets a new one. */
  forget(ttlSeconds: number): void {
    this.byTTL.delete(ttlSeconds);
  }
}
