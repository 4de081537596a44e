// Test helpers: a tiny upstream DNS server on 127.0.0.1 (so tests never send traffic off the machine)
// and UDP/TCP query functions.
import * as packet from 'dns-packet';
import type { Answer, Packet, Question } from 'dns-packet';
import { createSocket } from 'node:dgram';
import { connect, createServer } from 'node:net';
import { lengthPrefix } from './forwarder.ts';

export interface FakeUpstream {
  port: number;
  /** Questions received, in order. */
  received: Question[];
  close(): Promise<void>;
}

/**
 * `answer` returns the answers for a question, 'silent' to never reply, or 'truncate' to reply over
 * UDP with TC set (and answer over TCP).
 */
export async function startFakeUpstream(answer: (q: Question, transport: 'udp' | 'tcp') => Answer[] | 'silent' | 'truncate'): Promise<FakeUpstream> {
  const received: Question[] = [];
  const respond = (message: Buffer, transport: 'udp' | 'tcp'): Buffer | undefined => {
    const query = packet.decode(message);
    const q = query.questions![0]!;
    received.push(q);
    const a = answer(q, transport);
    if (a === 'silent') return undefined;
    const truncated = a === 'truncate' && transport === 'udp';
    const answers = a === 'truncate' ? (truncated ? [] : [{ type: 'A' as const, name: q.name, ttl: 60, data: '192.0.2.99' }]) : a;
    return packet.encode({ type: 'response', id: query.id, flags: packet.RECURSION_AVAILABLE | (truncated ? packet.TRUNCATED_RESPONSE : 0), questions: [q], answers });
  };
  const udp = createSocket('udp4');
  await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
  const port = udp.address().port;
  udp.on('message', (m, from) => {
    const reply = respond(m, 'udp');
    if (reply) udp.send(reply, from.port, from.address);
  });
  const tcp = createServer((conn) => {
    conn.on('error', () => undefined);
    conn.once('data', (d: Buffer) => {
      const reply = respond(d.subarray(2, 2 + d.readUInt16BE(0)), 'tcp');
      if (reply) conn.end(Buffer.concat([lengthPrefix(reply.length), reply]));
    });
  });
  await new Promise<void>((resolve) => tcp.listen(port, '127.0.0.1', resolve));
  return {
    port,
    received,
    close: async () => {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    },
  };
}

let nextId = 1;
const encodeQuery = (q: Question, edns: boolean) =>
  packet.encode({
    type: 'query',
    id: nextId++ & 0xffff,
    flags: packet.RECURSION_DESIRED,
    questions: [q],
    additionals: edns ? [{ type: 'OPT', name: '.', udpPayloadSize: 4096, flags: 0, options: [] } as unknown as Answer] : [],
  });

export async function queryUdp(port: number, q: Question, options: { host?: string; timeoutMs?: number; edns?: boolean } = {}): Promise<Packet> {
  const raw = await sendUdp(port, encodeQuery(q, options.edns ?? false), options);
  if (!raw) throw new Error(`no UDP answer for ${q.type} ${q.name}`);
  return packet.decode(raw);
}

/** Sends raw bytes; resolves with the reply, or undefined after the timeout. */
export function sendUdp(port: number, message: Buffer, options: { host?: string; timeoutMs?: number } = {}): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const timer = setTimeout(() => done(undefined), options.timeoutMs ?? 5000);
    const done = (reply: Buffer | undefined) => {
      clearTimeout(timer);
      socket.close();
      resolve(reply);
    };
    socket.on('message', (m) => done(m));
    socket.send(message, port, options.host ?? '127.0.0.1');
  });
}

export function queryTcp(port: number, q: Question, options: { host?: string } = {}): Promise<Packet> {
  return new Promise((resolve, reject) => {
    const message = encodeQuery(q, false);
    const conn = connect({ port, host: options.host ?? '127.0.0.1' }, () => conn.write(Buffer.concat([lengthPrefix(message.length), message])));
    let got = Buffer.alloc(0);
    conn.on('error', reject);
    conn.on('data', (d: Buffer) => {
      got = Buffer.concat([got, d]);
      if (got.length >= 2 && got.length >= 2 + got.readUInt16BE(0)) {
        conn.destroy();
        resolve(packet.decode(got.subarray(2, 2 + got.readUInt16BE(0))));
      }
    });
  });
}

/** The response code of a decoded reply (dns-packet decodes it as a string). */
export const rcodeOf = (p: Packet) => (p as Packet & { rcode?: string }).rcode;
