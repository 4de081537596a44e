// Which /N subnets of the cluster pod range are taken: upstream's cidrset, a bitmap over the
// subnets with a rotating cursor so a released range is not handed out again at once.

function parseIPv4(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`not an IPv4 address: ${ip}`);
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

function formatIPv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function parseCidr(cidr: string): { base: number; prefix: number } {
  const [ip, bits] = cidr.split('/');
  const prefix = Number(bits);
  if (!ip || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) throw new Error(`not an IPv4 CIDR: ${cidr}`);
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  return { base: (parseIPv4(ip) & mask) >>> 0, prefix };
}

export class CidrSet {
  readonly #base: number;
  readonly #subnetSize: number;
  readonly #used: Uint8Array;
  #next = 0;

  constructor(
    readonly clusterCidr: string,
    readonly subnetMaskSize: number,
  ) {
    const { base, prefix } = parseCidr(clusterCidr);
    if (subnetMaskSize < prefix || subnetMaskSize > 32) throw new Error(`subnet mask /${subnetMaskSize} does not fit in ${clusterCidr}`);
    this.#base = base;
    this.#subnetSize = 2 ** (32 - subnetMaskSize);
    this.#used = new Uint8Array(2 ** (subnetMaskSize - prefix));
  }

  get capacity(): number {
    return this.#used.length;
  }

  /** The next free subnet, marked used; undefined when the range is full. */
  allocateNext(): string | undefined {
    for (let i = 0; i < this.#used.length; i++) {
      const index = (this.#next + i) % this.#used.length;
      if (this.#used[index]) continue;
      this.#used[index] = 1;
      this.#next = (index + 1) % this.#used.length;
      return this.#format(index);
    }
    return undefined;
  }

  /** Marks a subnet (e.g. one a node already has) used; false when it is not one of this set's subnets. */
  occupy(cidr: string): boolean {
    const index = this.#indexOf(cidr);
    if (index === undefined) return false;
    this.#used[index] = 1;
    return true;
  }

  release(cidr: string): void {
    const index = this.#indexOf(cidr);
    if (index !== undefined) this.#used[index] = 0;
  }

  isUsed(cidr: string): boolean {
    const index = this.#indexOf(cidr);
    return index !== undefined && this.#used[index] === 1;
  }

  #format(index: number): string {
    return `${formatIPv4((this.#base + index * this.#subnetSize) >>> 0)}/${this.subnetMaskSize}`;
  }

  #indexOf(cidr: string): number | undefined {
    let parsed;
    try {
      parsed = parseCidr(cidr);
    } catch {
      return undefined;
    }
    if (parsed.prefix !== this.subnetMaskSize) return undefined;
    const offset = parsed.base - this.#base;
    if (offset < 0 || offset % this.#subnetSize !== 0) return undefined;
    const index = offset / this.#subnetSize;
    return index < this.#used.length ? index : undefined;
  }
}
