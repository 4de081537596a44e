// Every discovery document serialized once per registry change; serving one is a map lookup.
import { aggregatedDiscovery, type AggregatedVersion } from './aggregated.ts';
import { apiGroup, apiGroupList, apiResourceList, apiVersions } from './legacy.ts';
import { negotiateDiscovery } from './negotiate.ts';
import { type DiscoverySource, groupVersion, groups } from './source.ts';

export interface DiscoveryOptions {
  /** host:port clients should use, advertised in /api's serverAddressByClientCIDRs. */
  serverAddress: string;
}

export type DiscoveryResponse =
  | { status: 200; contentType: string; body: Buffer }
  /** No acceptable representation among those the client listed. */
  | { status: 406 };

export interface DiscoveryDocuments {
  /**
   * The answer for a discovery path (/api, /apis, /api/v1, /apis/G, /apis/G/V), or undefined if the path
   * is not one. /api and /apis vary with Accept: the server must send `Vary: Accept` with them.
   */
  respond(path: string, accept: string | undefined): DiscoveryResponse | undefined;
}

const AGGREGATED_VERSIONS: AggregatedVersion[] = ['v2', 'v2beta1'];

export function buildDiscovery(source: DiscoverySource, options: DiscoveryOptions): DiscoveryDocuments {
  const legacy = new Map<string, Buffer>();
  legacy.set('/api', json(apiVersions(options.serverAddress)));
  legacy.set('/apis', json(apiGroupList(source)));
  for (const g of groups(source)) {
    if (g.group !== '') legacy.set(`/apis/${g.group}`, json({ kind: 'APIGroup', apiVersion: 'v1', ...apiGroup(g.group, g.versions) }));
    for (const v of g.versions) legacy.set(`/${g.group === '' ? 'api' : 'apis'}/${groupVersion(g.group, v)}`, json(apiResourceList(source, g.group, v)));
  }
  const aggregated = new Map<string, Buffer>();
  for (const v of AGGREGATED_VERSIONS) {
    aggregated.set(`/api ${v}`, json(aggregatedDiscovery(source, 'core', v)));
    aggregated.set(`/apis ${v}`, json(aggregatedDiscovery(source, 'named', v)));
  }

  return {
    respond(path, accept) {
      const p = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
      const body = legacy.get(p);
      if (!body) return undefined;
      const choice = negotiateDiscovery(accept);
      if (!choice) return { status: 406 };
      // Only /api and /apis have an aggregated form; a client asking elsewhere gets the JSON it also accepts.
      const aggregate = choice.format === 'aggregated' ? aggregated.get(`${p} ${choice.version}`) : undefined;
      if (aggregate && choice.format === 'aggregated') return { status: 200, contentType: choice.contentType, body: aggregate };
      return { status: 200, contentType: 'application/json', body };
    },
  };
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}
