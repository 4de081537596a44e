// What the API server does for Services beyond storing them, as upstream's service REST storage:
// allocates a cluster IP (unless headless or ExternalName) and node ports (NodePort, LoadBalancer),
// keeps allocated values when an update leaves them out (kubectl apply does), refuses to change a
// cluster IP, and releases everything when the Service goes.
import type { Backend } from '../../storage/backend.ts';
import type { KubeObject } from '../objects/codec.ts';
import { errors } from '../status.ts';
import { ipv4Range, portRange, RangeAllocator } from './allocator.ts';

export const SERVICE_CIDR = '10.43.0.0/16';
export const NODE_PORT_RANGE: [number, number] = [30000, 32767];

interface ServicePort {
  name?: string;
  port: number;
  protocol?: string;
  nodePort?: number;
}
interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: ServicePort[];
}

const specOf = (svc: KubeObject) => (svc.spec ?? {}) as ServiceSpec;
const wantsClusterIP = (spec: ServiceSpec) => spec.type !== 'ExternalName' && spec.clusterIP !== 'None';
const wantsNodePorts = (spec: ServiceSpec) => spec.type === 'NodePort' || spec.type === 'LoadBalancer';

export interface Claim {
  ips: string[];
  ports: number[];
}

export class ServiceAllocations {
  readonly ips: RangeAllocator<string>;
  readonly nodePorts: RangeAllocator<number>;

  constructor(backend: Backend, cidr = SERVICE_CIDR, ports = NODE_PORT_RANGE) {
    this.ips = new RangeAllocator(backend, '/registry/ranges/serviceips/', ipv4Range(cidr));
    this.nodePorts = new RangeAllocator(backend, '/registry/ranges/servicenodeports/', portRange(ports[0], ports[1]));
  }

  /**
   * Allocates what `svc` needs (mutating it) and returns what was claimed here, for `releaseClaim` if
   * the write does not happen. Values the caller set explicitly are claimed, and refused with 422
   * when taken or out of range.
   */
  async allocate(svc: KubeObject, previous?: KubeObject): Promise<Claim> {
    const spec = specOf(svc);
    const old = previous ? specOf(previous) : undefined;
    const owner = `${svc.metadata.namespace}/${svc.metadata.name}`;
    const claim: Claim = { ips: [], ports: [] };
    const claimedIPs = claim.ips;
    const claimedPorts = claim.ports;
    const invalid = (field: string, value: unknown, message: string) =>
      errors.invalid('', 'Service', svc.metadata.name ?? '', [{ reason: 'FieldValueInvalid', field, message: `Invalid value: ${JSON.stringify(value)}: ${message}` }]);
    try {
      if (wantsClusterIP(spec)) {
        const kept = old && wantsClusterIP(old) ? old.clusterIP : undefined;
        if (!spec.clusterIP && kept) spec.clusterIP = kept;
        if (kept && spec.clusterIP !== kept) throw invalid('spec.clusterIPs[0]', [spec.clusterIP], 'may not change once set');
        if (!spec.clusterIP) {
          const ip = await this.ips.allocate(owner);
          if (!ip) throw errors.internal(`failed to allocate a serviceIP: range ${SERVICE_CIDR} is full`);
          claimedIPs.push(ip);
          spec.clusterIP = ip;
        } else if (spec.clusterIP !== kept) {
          const result = await this.ips.claim(spec.clusterIP, owner);
          if (!result.ok) {
            const why = result.reason === 'taken' ? 'provided IP is already allocated' : `the provided IP (${spec.clusterIP}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`;
            throw invalid('spec.clusterIPs', [spec.clusterIP], `failed to allocate IP ${spec.clusterIP}: ${why}`);
          }
          claimedIPs.push(spec.clusterIP);
        }
        spec.clusterIPs = [spec.clusterIP];
      }
      if (wantsNodePorts(spec)) {
        for (const [i, port] of (spec.ports ?? []).entries()) {
          const before = old && wantsNodePorts(old) ? old.ports?.find((p) => p.port === port.port && (p.protocol ?? 'TCP') === (port.protocol ?? 'TCP')) : undefined;
          if (!port.nodePort && before?.nodePort) port.nodePort = before.nodePort;
          if (port.nodePort && port.nodePort === before?.nodePort) continue;
          if (port.nodePort) {
            const result = await this.nodePorts.claim(port.nodePort, owner);
            if (!result.ok) {
              const why = result.reason === 'taken' ? 'provided port is already allocated' : `provided port is not in the valid range. The range of valid ports is ${NODE_PORT_RANGE[0]}-${NODE_PORT_RANGE[1]}`;
              throw invalid(`spec.ports[${i}].nodePort`, port.nodePort, why);
            }
          } else {
            const allocated = await this.nodePorts.allocate(owner);
            if (allocated === undefined) throw errors.internal('failed to allocate a nodePort: the range is full');
            port.nodePort = allocated;
          }
          claimedPorts.push(port.nodePort);
        }
      } else {
        for (const port of spec.ports ?? []) delete port.nodePort;
      }
    } catch (err) {
      await this.releaseClaim(claim);
      throw err;
    }
    svc.spec = spec;
    return claim;
  }

  /** Releases claimed values, except those `kept` (the Service as finally stored) holds. */
  async releaseClaim(claim: Claim, kept?: KubeObject): Promise<void> {
    const spec = kept ? specOf(kept) : {};
    const keepPorts = new Set((spec.ports ?? []).map((p) => p.nodePort));
    for (const ip of claim.ips) if (ip !== spec.clusterIP) await this.ips.release(ip);
    for (const port of claim.ports) if (!keepPorts.has(port)) await this.nodePorts.release(port);
  }

  /** Releases what `previous` held and `current` (undefined when deleted) no longer does. */
  async releaseUnused(previous: KubeObject, current: KubeObject | undefined): Promise<void> {
    const before = specOf(previous);
    const after = current ? specOf(current) : undefined;
    if (before.clusterIP && before.clusterIP !== 'None' && before.clusterIP !== after?.clusterIP) await this.ips.release(before.clusterIP);
    const keep = new Set((after?.ports ?? []).map((p) => p.nodePort).filter((p) => p !== undefined));
    for (const port of before.ports ?? []) if (port.nodePort !== undefined && !keep.has(port.nodePort)) await this.nodePorts.release(port.nodePort);
  }
}
