// IPv4 addresses handed out from a CIDR, lowest free first. The network address, the first host
// (the bridge gateway, as CNI's host-local reserves it) and the broadcast address are never given out.

export function parseIPv4(ip: string): number {
  const parts = ip.split('.');
  if (parts.length !== 4) throw new Error(`invalid IPv4 address "${ip}"`);
  let n = 0;
  for (const part of parts) {
    const octet = Number(part);
    if (!/^\d{1,3}$/.test(part) || octet > 255) throw new Error(`invalid IPv4 address "${ip}"`);
    n = n * 256 + octet;
  }
  return n;
}

export function formatIPv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

export class CidrAllocator {
  readonly cidr: string;
  readonly #first: number;
  readonly #last: number;
  readonly #used = new Set<number>();

  constructor(cidr: string) {
    const [ip, bits] = cidr.split('/');
    const prefix = Number(bits);
    if (!ip || !Number.isInteger(prefix) || prefix < 8 || prefix > 30) throw new Error(`invalid IPv4 CIDR "${cidr}" (prefix /8 to /30)`);
    const size = 2 ** (32 - prefix);
    const network = parseIPv4(ip) - (parseIPv4(ip) % size);
    this.cidr = `${formatIPv4(network)}/${prefix}`;
    this.#first = network + 2;
    this.#last = network + size - 2;
  }

  /** The lowest free address; throws when the range is exhausted. */
  allocate(): string {
    for (let n = this.#first; n <= this.#last; n++) {
      if (this.#used.has(n)) continue;
      this.#used.add(n);
      return formatIPv4(n);
    }
    throw new Error(`no free address left in ${this.cidr}`);
  }

  release(ip: string): void {
    this.#used.delete(parseIPv4(ip));
  }

  contains(ip: string): boolean {
    const n = parseIPv4(ip);
    return n >= this.#first - 2 && n <= this.#last + 1;
  }
}
