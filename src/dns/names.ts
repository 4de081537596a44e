// Name helpers for the cluster zone: normalising query names, the dashed IP form used for pod and
// endpoint names (CoreDNS's kubernetes plugin), and reverse (PTR) names.
import { isIPv4, isIPv6 } from 'node:net';

/** Lower case, no trailing dot: DNS names compare case-insensitively (RFC 4343). */
export function normalizeName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** The labels of `name` below `zone`, nearest the zone first; undefined when `name` is outside it. */
export function labelsUnder(name: string, zone: string): string[] | undefined {
  if (name === zone) return [];
  if (!name.endsWith('.' + zone)) return undefined;
  return name.slice(0, -zone.length - 1).split('.').reverse();
}

/** 10.42.0.5 → 10-42-0-5; fd00::1 → fd00--1 (how CoreDNS names pods and unnamed endpoints). */
export function dashedIP(ip: string): string {
  return ip.replaceAll(isIPv6(ip) ? ':' : '.', '-');
}

/** The inverse of dashedIP, or undefined when the label is not an address. */
export function ipFromDashed(label: string): string | undefined {
  const v4 = label.replaceAll('-', '.');
  if (isIPv4(v4)) return v4;
  const v6 = label.replaceAll('-', ':');
  return isIPv6(v6) ? canonicalIP(v6) : undefined;
}

/** One spelling per address (RFC 5952 for IPv6), so lookups by IP match however the API spelled it. */
export function canonicalIP(ip: string): string {
  if (!isIPv6(ip)) return ip;
  const groups = expandIPv6(ip).map((g) => g.replace(/^0+(?=.)/, ''));
  let best = { at: -1, len: 1 };
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.len) best = { at: i, len: j - i };
  }
  if (best.at < 0) return groups.join(':');
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.len).join(':')}`;
}

function expandIPv6(ip: string): string[] {
  let text = ip;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const b = v4[1]!.split('.').map(Number);
    text = text.slice(0, -v4[1]!.length) + `${((b[0]! << 8) | b[1]!).toString(16)}:${((b[2]! << 8) | b[3]!).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((g) => g.toLowerCase().padStart(4, '0'));
}

/** 4.3.2.1.in-addr.arpa → 1.2.3.4 (and nibble ip6.arpa names); undefined unless a whole address. */
export function ipFromReverse(name: string): string | undefined {
  const v4 = labelsUnder(name, 'in-addr.arpa');
  if (v4) {
    const ip = v4.join('.');
    return v4.length === 4 && isIPv4(ip) ? ip : undefined;
  }
  const v6 = labelsUnder(name, 'ip6.arpa');
  if (!v6 || v6.length !== 32 || !v6.every((n) => /^[0-9a-f]$/.test(n))) return undefined;
  const groups = Array.from({ length: 8 }, (_, i) => v6.slice(i * 4, i * 4 + 4).join(''));
  return canonicalIP(groups.join(':'));
}

/** 1.2.3.4 → 4.3.2.1.in-addr.arpa */
export function reverseName(ip: string): string {
  if (isIPv4(ip)) return ip.split('.').reverse().join('.') + '.in-addr.arpa';
  return expandIPv6(ip).join('').split('').reverse().join('.') + '.ip6.arpa';
}

/** Whether `ip` lies in `cidr` (same family only). */
export function inCIDR(ip: string, cidr: string): boolean {
  const [base, bitsText] = cidr.split('/') as [string, string | undefined];
  if (isIPv4(ip) !== isIPv4(base)) return false;
  const bits = isIPv4(ip) ? v4Bits(ip) : v6Bits(ip);
  const baseBits = isIPv4(base) ? v4Bits(base) : v6Bits(base);
  const prefix = bitsText === undefined ? baseBits.length : Number(bitsText);
  return bits.slice(0, prefix) === baseBits.slice(0, prefix);
}

function v4Bits(ip: string): string {
  return ip.split('.').map((o) => Number(o).toString(2).padStart(8, '0')).join('');
}

function v6Bits(ip: string): string {
  return expandIPv6(ip).map((g) => parseInt(g, 16).toString(2).padStart(16, '0')).join('');
}
