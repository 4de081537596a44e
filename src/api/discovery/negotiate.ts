// Picks the discovery representation for an Accept header. kubectl 1.27–1.29 send
// "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json" and
// 1.30–1.33 put v=v2 first (client-go discovery/discovery_client.go, acceptDiscoveryFormats). client-go
// decides how to decode from the response Content-Type alone, so the aggregated answer must name
// g, v and as exactly as upstream's generateMediaTypeWithGVK writes them.
import type { AggregatedVersion } from './aggregated.ts';

export type DiscoveryChoice =
  | { format: 'aggregated'; version: AggregatedVersion; contentType: string }
  | { format: 'legacy'; contentType: 'application/json' };

const AGGREGATED_GROUP = 'apidiscovery.k8s.io';
const AGGREGATED_KIND = 'APIGroupDiscoveryList';
const LEGACY: DiscoveryChoice = { format: 'legacy', contentType: 'application/json' };

interface MediaRange {
  type: string;
  params: Map<string, string>;
  q: number;
}

/** The representation to send, or undefined when nothing acceptable is offered (answer 406). */
export function negotiateDiscovery(accept: string | undefined): DiscoveryChoice | undefined {
  if (accept === undefined || accept.trim() === '') return LEGACY;
  const ranges = parseAccept(accept)
    .map((range, index) => ({ range, index }))
    .filter(({ range }) => range.q > 0)
    .sort((a, b) => b.range.q - a.range.q || a.index - b.index);
  for (const { range } of ranges) {
    const choice = match(range);
    if (choice) return choice;
  }
  return undefined;
}

export function aggregatedContentType(version: AggregatedVersion): string {
  return `application/json;g=${AGGREGATED_GROUP};v=${version};as=${AGGREGATED_KIND}`;
}

function match(range: MediaRange): DiscoveryChoice | undefined {
  const { type, params } = range;
  if (type === '*/*' || type === 'application/*') return params.size === 0 ? LEGACY : undefined;
  if (type !== 'application/json') return undefined;
  if (params.size === 0) return LEGACY;
  const version = params.get('v');
  const exact = params.size === 3 && params.get('g') === AGGREGATED_GROUP && params.get('as') === AGGREGATED_KIND;
  if (exact && (version === 'v2' || version === 'v2beta1')) {
    return { format: 'aggregated', version, contentType: aggregatedContentType(version) };
  }
  // Other parameters (a profile we do not know, another group) name a representation we do not have.
  return undefined;
}

function parseAccept(header: string): MediaRange[] {
  return header
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(parseRange);
}

function parseRange(text: string): MediaRange {
  const [type = '', ...rest] = text.split(';').map((s) => s.trim());
  const params = new Map<string, string>();
  let q = 1;
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq <= 0) continue;
    const key = p.slice(0, eq).trim().toLowerCase();
    const value = p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    if (key === 'q') q = Number.isFinite(Number(value)) ? Number(value) : 0;
    else params.set(key, value);
  }
  return { type: type.toLowerCase(), params, q };
}
