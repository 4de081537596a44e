// One sync of the proxy: compute the rules the current Services and EndpointSlices call for and
// apply only the difference from what was applied last. The first sync, and any sync after a failed
// one, rebuilds the whole table, since then what the kernel holds is not known.
import type { Service } from 'kubernetes-types/core/v1.d.ts';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.d.ts';
import type { Clock } from '../client/index.ts';
import type { Logger } from '../log/logger.ts';
import type { ProxyMetrics } from './metrics.ts';
import { servicePorts } from './model.ts';
import type { NftRunner } from './nft.ts';
import { desiredRuleset, type Ruleset, type RulesetConfig } from './ruleset.ts';
import { deleteScript, fullScript, partialScript } from './transaction.ts';

export interface ProxierOptions {
  nft: NftRunner;
  nodeName: string;
  config: RulesetConfig;
  metrics: ProxyMetrics;
  clock: Clock;
  logger: Logger;
}

export class Proxier {
  readonly #o: ProxierOptions;
  /** What the kernel holds; undefined until a full sync succeeds. */
  #applied: Ruleset | undefined;

  constructor(options: ProxierOptions) {
    this.#o = options;
  }

  /** Programs the rules for these objects; rejects (and forces a full sync next) when nft refuses. */
  async sync(services: readonly Service[], slices: readonly EndpointSlice[]): Promise<void> {
    const start = this.#o.clock.now();
    const kind = this.#applied ? 'partial' : 'full';
    const ports = servicePorts(services, slices, this.#o.nodeName);
    const next = desiredRuleset(ports, this.#o.config);
    const script = this.#applied ? partialScript(this.#applied, next) : fullScript(next);
    try {
      if (script) await this.#o.nft.apply(script);
      this.#applied = next;
    } catch (err) {
      this.#applied = undefined;
      throw err;
    } finally {
      const seconds = (this.#o.clock.now() - start) / 1000;
      this.#o.metrics.syncDuration.observe({ kind }, seconds);
      this.#o.logger.debug('proxy rules synced', { kind, servicePorts: ports.length, scriptBytes: script.length, seconds });
    }
  }

  /** Removes the table (a clean stop). */
  async cleanup(): Promise<void> {
    this.#applied = undefined;
    await this.#o.nft.apply(deleteScript());
  }
}
