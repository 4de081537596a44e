// Allocation of Service cluster IPs (10.43.0.0/16) and node ports (30000–32767). Every allocated
// value is a key in the store, created with create() — so two concurrent Services can never get the
// same one, even across several API servers on one etcd — and removed when the Service lets it go.
import { randomInt } from 'node:crypto';
import type { Backend } from '../../storage/backend.ts';
import { KeyExistsError, KeyNotFoundError } from '../../storage/errors.ts';

export interface Range<T> {
  /** Every allocatable value, by index. */
  size: number;
  at(index: number): T;
  /** Index of a value, or -1 when it is outside the range. */
  indexOf(value: T): number;
  format(value: T): string;
}

export type Allocation = { ok: true } | { ok: false; reason: 'taken' | 'outside' | 'full' };

export class RangeAllocator<T> {
  constructor(
    private readonly backend: Backend,
    private readonly prefix: string,
    readonly range: Range<T>,
    private readonly random: (max: number) => number = randomInt,
  ) {}

  private key(value: T): string {
    return `${this.prefix}${this.range.format(value)}`;
  }

  /** Claims a specific value for owner. */
  async claim(value: T, owner: string): Promise<Allocation> {
    if (this.range.indexOf(value) < 0) return { ok: false, reason: 'outside' };
    try {
      await this.backend.create(this.key(value), JSON.stringify({ owner }));
      return { ok: true };
    } catch (err) {
      if (err instanceof KeyExistsError) return { ok: false, reason: 'taken' };
      throw err;
    }
  }

  /** Claims any free value: random probes first (cheap while the range is sparse), then a scan. */
  async allocate(owner: string): Promise<T | undefined> {
    for (let i = 0; i < 32; i++) {
      const value = this.range.at(this.random(this.range.size));
      if ((await this.claim(value, owner)).ok) return value;
    }
    const start = this.random(this.range.size);
    for (let i = 0; i < this.range.size; i++) {
      const value = this.range.at((start + i) % this.range.size);
      if ((await this.claim(value, owner)).ok) return value;
    }
    return undefined;
  }

  async release(value: T): Promise<void> {
    try {
      await this.backend.delete(this.key(value));
    } catch (err) {
      if (!(err instanceof KeyNotFoundError)) throw err;
    }
  }
}

/** Host addresses of an IPv4 CIDR, without its network and broadcast addresses. */
export function ipv4Range(cidr: string): Range<string> {
  const [base, bits] = cidr.split('/') as [string, string];
  const prefix = Number(bits);
  const network = (toInt(base) >>> 0) & (prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0);
  const size = 2 ** (32 - prefix) - 2;
  return {
    size,
    at: (i) => fromInt(network + 1 + i),
    indexOf: (ip) => {
      const n = toInt(ip);
      if (Number.isNaN(n)) return -1;
      const i = n - network - 1;
      return i >= 0 && i < size ? i : -1;
    },
    format: (ip) => ip,
  };
}

export function portRange(first: number, last: number): Range<number> {
  return {
    size: last - first + 1,
    at: (i) => first + i,
    indexOf: (p) => (Number.isInteger(p) && p >= first && p <= last ? p - first : -1),
    format: (p) => String(p),
  };
}

function toInt(ip: string): number {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return NaN;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

function fromInt(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}
