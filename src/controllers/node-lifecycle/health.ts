// Whether a node's agent is still alive: the controller remembers, by its own clock, when it last saw
// the node's Ready heartbeat or its Lease renewal change; silence longer than the grace period makes the
// node's conditions Unknown (upstream tryUpdateNodeHealth).
import type { Node, NodeCondition } from 'kubernetes-types/core/v1.d.ts';
import type { Lease } from 'kubernetes-types/coordination/v1.d.ts';

export const WATCHED_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];
const UNKNOWN_REASON = 'NodeStatusUnknown';
const UNKNOWN_MESSAGE = 'Kubelet stopped posting node status.';
const NEVER_REASON = 'NodeStatusNeverUpdated';
const NEVER_MESSAGE = 'Kubelet never posted node status.';

interface Observed {
  heartbeat?: string;
  renewTime?: string;
  probeMs: number;
}

export const metaTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export class NodeHealth {
  readonly #seen = new Map<string, Observed>();

  /** Notes the node's latest signs of life; returns when it was last heard from (ms, local clock). */
  observe(node: Node, lease: Lease | undefined, now: number): number {
    const name = node.metadata!.name!;
    const heartbeat = node.status?.conditions?.find((c) => c.type === 'Ready')?.lastHeartbeatTime;
    const renewTime = lease?.spec?.renewTime;
    const seen = this.#seen.get(name);
    if (!seen) {
      // A node never heard from counts from its creation; one seen before from our first look at it.
      const created = Date.parse(node.metadata?.creationTimestamp ?? '');
      const probeMs = heartbeat || renewTime || Number.isNaN(created) ? now : Math.min(now, created);
      this.#seen.set(name, { heartbeat, renewTime, probeMs });
      return probeMs;
    }
    if (heartbeat !== seen.heartbeat || (renewTime && renewTime !== seen.renewTime)) {
      seen.heartbeat = heartbeat;
      seen.renewTime = renewTime;
      seen.probeMs = now;
    }
    return seen.probeMs;
  }

  forget(name: string): void {
    this.#seen.delete(name);
  }
}

/**
 * The node's conditions after silence: every watched condition Unknown (added if the agent never
 * posted it); undefined when they already are.
 */
export function unknownConditions(node: Node, now: number): NodeCondition[] | undefined {
  const stamp = metaTime(now);
  const conditions = structuredClone(node.status?.conditions ?? []) as NodeCondition[];
  let changed = false;
  for (const type of WATCHED_CONDITIONS) {
    const c = conditions.find((x) => x.type === type);
    if (!c) {
      conditions.push({ type, status: 'Unknown', reason: NEVER_REASON, message: NEVER_MESSAGE, lastHeartbeatTime: node.metadata?.creationTimestamp, lastTransitionTime: stamp });
      changed = true;
    } else if (c.status !== 'Unknown') {
      Object.assign(c, { status: 'Unknown', reason: UNKNOWN_REASON, message: UNKNOWN_MESSAGE, lastTransitionTime: stamp });
      changed = true;
    }
  }
  return changed ? conditions : undefined;
}
