// The node-level guard rails around pod networking (docs/node-agent.md, "Network safety"):
// - `table inet kites-filter`: forwarded traffic from pods to anything outside the cluster's own
//   ranges (10.40.0.0/14) is dropped, unless the agent runs with --allow-egress. Replies to
//   connections that came in (NodePorts, say) still pass.
// - The service CIDR is routed to a dummy interface `kites-svc`, so a service address that no proxy
//   rule translates goes nowhere instead of out of the default route (a dummy rather than a blackhole
//   route, so the host's own connections still reach the output hook where the proxy translates them).
// Both are removed when the agent stops cleanly.
import { inNodeNetns, mustRun, run } from './command.ts';

export const FILTER_TABLE = 'kites-filter';
export const SERVICE_DUMMY = 'kites-svc';
export const CLUSTER_RANGE = '10.40.0.0/14';
export const SERVICE_CIDR = '10.43.0.0/16';

export interface NodeNetworkOptions {
  /** Run in this named network namespace instead of the agent's own. */
  nodeNetns?: string;
  allowEgress: boolean;
  clusterRange?: string;
  serviceCidr?: string;
}

/** The nft script that (re)creates the table atomically: add-then-delete makes a missing table harmless. */
export function filterRuleset(clusterRange: string, allowEgress: boolean): string {
  const drop = allowEgress ? '' : `    ip saddr ${clusterRange} ip daddr != ${clusterRange} counter drop comment "pod egress outside the cluster"\n`;
  return [
    `add table inet ${FILTER_TABLE}`,
    `delete table inet ${FILTER_TABLE}`,
    `table inet ${FILTER_TABLE} {`,
    '  chain forward {',
    '    type filter hook forward priority filter; policy accept;',
    '    ct state established,related accept',
    drop + '  }',
    '}',
    '',
  ].join('\n');
}

export class NodeNetwork {
  readonly #o: Required<Omit<NodeNetworkOptions, 'nodeNetns'>> & { nodeNetns?: string };

  constructor(options: NodeNetworkOptions) {
    this.#o = { clusterRange: CLUSTER_RANGE, serviceCidr: SERVICE_CIDR, ...options };
  }

  async setUp(): Promise<void> {
    await mustRun(this.#argv(['nft', '-f', '-']), { input: filterRuleset(this.#o.clusterRange, this.#o.allowEgress) });
    if ((await run(this.#argv(['ip', 'link', 'show', SERVICE_DUMMY]))).code !== 0) {
      // Kernels built without the dummy driver get a bridge with no ports: it drops all it is sent too.
      const dummy = await run(this.#argv(['ip', 'link', 'add', SERVICE_DUMMY, 'type', 'dummy']));
      if (dummy.code !== 0) await mustRun(this.#argv(['ip', 'link', 'add', SERVICE_DUMMY, 'type', 'bridge']));
    }
    await mustRun(this.#argv(['ip', 'link', 'set', SERVICE_DUMMY, 'up']));
    await mustRun(this.#argv(['ip', 'route', 'replace', this.#o.serviceCidr, 'dev', SERVICE_DUMMY]));
  }

  /** Idempotent: what is already gone is fine. */
  async tearDown(): Promise<void> {
    await run(this.#argv(['nft', 'delete', 'table', 'inet', FILTER_TABLE]));
    await run(this.#argv(['ip', 'link', 'del', SERVICE_DUMMY]));
  }

  #argv(argv: string[]): string[] {
    return inNodeNetns(this.#o.nodeNetns, argv);
  }
}
