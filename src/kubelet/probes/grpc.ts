// gRPC probes: grpc.health.v1.Health/Check over plaintext HTTP/2 with @grpc/grpc-js (present as
// etcd3's dependency). The two messages are one field each, so they are encoded by hand instead of
// loading a .proto: HealthCheckRequest{string service = 1}, HealthCheckResponse{ServingStatus status = 1}.
// Outcomes and messages as upstream's pkg/probe/grpc.
import type { HandlerOutcome } from '../runtime/types.ts';

const SERVING_STATUS = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'];

export function encodeHealthCheckRequest(service: string): Buffer {
  const s = Buffer.from(service);
  if (s.length === 0) return Buffer.alloc(0);
  return Buffer.concat([Buffer.from([0x0a]), varint(s.length), s]);
}

/** The status enum of a HealthCheckResponse (0 when absent, as proto3 defaults). */
export function decodeHealthCheckResponse(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const [tag, next] = readVarint(buf, i);
    const field = tag >> 3, wire = tag & 7;
    if (wire === 0) {
      const [v, after] = readVarint(buf, next);
      if (field === 1) return v;
      i = after;
    } else if (wire === 2) {
      const [len, after] = readVarint(buf, next);
      i = after + len;
    } else throw new Error(`unexpected wire type ${wire}`);
  }
  return 0;
}

export async function grpcHealthCheck(host: string, port: number, service: string, timeoutMs: number): Promise<HandlerOutcome> {
  const grpc = await import('@grpc/grpc-js');
  const target = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  const client = new grpc.Client(target, grpc.credentials.createInsecure());
  try {
    return await new Promise<HandlerOutcome>((resolve) => {
      client.makeUnaryRequest('/grpc.health.v1.Health/Check', encodeHealthCheckRequest, decodeHealthCheckResponse, service, new grpc.Metadata(),
        { deadline: Date.now() + timeoutMs }, (err, status) => {
          if (err) {
            const unavailable = err.code === grpc.status.UNAVAILABLE || err.code === grpc.status.DEADLINE_EXCEEDED;
            resolve({ result: 'failure', output: unavailable ? `timeout: failed to connect service "${target}" within ${timeoutMs / 1000}s: ${err.details}` : `rpc error: code = ${grpc.status[err.code]} desc = ${err.details}` });
          } else if (status === 1) resolve({ result: 'success', output: '' });
          else resolve({ result: 'failure', output: `service unhealthy (responded with "${SERVING_STATUS[status ?? 0] ?? status}")` });
        });
    });
  } finally {
    client.close();
  }
}

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}

function readVarint(buf: Buffer, at: number): [number, number] {
  let v = 0, shift = 0, i = at;
  for (;;) {
    const b = buf[i++];
    if (b === undefined) throw new Error('truncated varint');
    v |= (b & 0x7f) << shift;
    if (!(b & 0x80)) return [v >>> 0, i];
    shift += 7;
  }
}
