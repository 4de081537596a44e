// One DNS message in, at most one out: decode, answer from the cluster zone or forward, encode. Any
// malformed input is ignored (too short to answer) or answered FORMERR; nothing here throws.
import * as packet from 'dns-packet';
import type { Answer, Packet, Question as PacketQuestion } from 'dns-packet';
import type { Logger } from '../log/logger.ts';
import type { Forwarder } from './forwarder.ts';
import { labelsUnder, normalizeName } from './names.ts';
import type { ClusterView } from './view.ts';
import { resolve, type Resolution, type ZoneConfig } from './zone.ts';

export type Transport = 'udp' | 'tcp';

export interface HandlerContext {
  view: ClusterView;
  zone: ZoneConfig;
  /** Absent: names outside the cluster are REFUSED, as a server not configured for them does. */
  forwarder?: Forwarder;
  logger: Logger;
}

export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
const HEADER = 12;
const QR = 0x8000;
/** What we offer EDNS clients (the DNS flag day 2020 size), and the classic limit for the rest. */
const EDNS_PAYLOAD = 1232;
const CLASSIC_UDP = 512;

export async function answerQuery(ctx: HandlerContext, message: Buffer, transport: Transport): Promise<Buffer | undefined> {
  if (message.length < HEADER || (message.readUInt16BE(2) & QR) !== 0) return undefined;
  let query: Packet;
  try {
    query = packet.decode(message);
  } catch {
    return headerOnly(message, RCODE.FORMERR);
  }
  try {
    const opcode = (message.readUInt16BE(2) >> 11) & 0xf;
    if (opcode !== 0) return headerOnly(message, RCODE.NOTIMP);
    const question = query.questions?.length === 1 ? query.questions[0]! : undefined;
    if (!question) return headerOnly(message, RCODE.FORMERR);
    if ((question.class ?? 'IN') !== 'IN') return reply(query, transport, { rcode: RCODE.NOTIMP });
    const resolution = resolve(ctx.view, ctx.zone, question);
    if (resolution.kind === 'forward') return await forwarded(ctx, query, message, transport);
    const chased = resolution.chase ? await chase(ctx, resolution.chase, question) : [];
    return reply(query, transport, {
      rcode: RCODE[resolution.rcode],
      authoritative: true,
      answers: [...resolution.answers, ...chased],
      authorities: resolution.authorities,
      additionals: resolution.additionals,
    });
  } catch (err) {
    ctx.logger.warn('dns query failed', { err: String(err) });
    return headerOnly(message, RCODE.SERVFAIL);
  }
}

async function forwarded(ctx: HandlerContext, query: Packet, message: Buffer, transport: Transport): Promise<Buffer> {
  if (!ctx.forwarder) return reply(query, transport, { rcode: RCODE.REFUSED });
  const upstream = await ctx.forwarder.forward(message);
  if (!upstream) return reply(query, transport, { rcode: RCODE.SERVFAIL });
  if (transport === 'udp' && upstream.length > udpLimit(query)) return reply(query, transport, { rcode: RCODE.NOERROR, truncated: true });
  return upstream;
}

/** Follows an ExternalName CNAME one step so stub resolvers get the addresses in the same answer. */
async function chase(ctx: HandlerContext, target: string, question: PacketQuestion): Promise<Answer[]> {
  const next = { ...question, name: normalizeName(target) };
  if (labelsUnder(next.name, ctx.zone.domain)) {
    const local: Resolution = resolve(ctx.view, ctx.zone, next);
    return local.kind === 'authoritative' ? local.answers : [];
  }
  if (!ctx.forwarder) return [];
  const upstream = await ctx.forwarder.forward(packet.encode({ type: 'query', id: 0, flags: packet.RECURSION_DESIRED, questions: [next] }));
  if (!upstream) return [];
  try {
    return packet.decode(upstream).answers ?? [];
  } catch {
    return [];
  }
}

interface ReplyParts {
  rcode: number;
  authoritative?: boolean;
  truncated?: boolean;
  answers?: Answer[];
  authorities?: Answer[];
  additionals?: Answer[];
}

function reply(query: Packet, transport: Transport, parts: ReplyParts): Buffer {
  const edns = query.additionals?.some((a) => a.type === 'OPT');
  const opt: Answer[] = edns ? [{ type: 'OPT', name: '.', udpPayloadSize: EDNS_PAYLOAD, flags: 0, options: [] } as unknown as Answer] : [];
  const flags = (recursionDesired(query) ? packet.RECURSION_DESIRED : 0) | packet.RECURSION_AVAILABLE | (parts.authoritative ? packet.AUTHORITATIVE_ANSWER : 0);
  const full: Packet = {
    type: 'response',
    id: query.id ?? 0,
    flags: flags | (parts.truncated ? packet.TRUNCATED_RESPONSE : 0) | parts.rcode,
    questions: query.questions ?? [],
    answers: parts.answers ?? [],
    authorities: parts.authorities ?? [],
    additionals: [...(parts.additionals ?? []), ...opt],
  };
  const encoded = packet.encode(full);
  if (transport === 'tcp' || encoded.length <= udpLimit(query)) return encoded;
  // Too big for this client over UDP: say so (TC) and let it retry over TCP.
  return packet.encode({ ...full, flags: full.flags! | packet.TRUNCATED_RESPONSE, answers: [], authorities: [], additionals: opt });
}

const recursionDesired = (query: Packet) => ((query.flags ?? 0) & packet.RECURSION_DESIRED) !== 0;

function udpLimit(query: Packet): number {
  const opt = query.additionals?.find((a) => a.type === 'OPT') as { udpPayloadSize?: number } | undefined;
  return opt ? Math.max(opt.udpPayloadSize ?? CLASSIC_UDP, CLASSIC_UDP) : CLASSIC_UDP;
}

/** A reply carrying only the header of a message we could not (or would not) parse further. */
function headerOnly(message: Buffer, rcode: number): Buffer {
  const out = Buffer.alloc(HEADER);
  out.writeUInt16BE(message.readUInt16BE(0), 0);
  const opcodeAndRd = message.readUInt16BE(2) & 0x7900;
  out.writeUInt16BE(QR | opcodeAndRd | packet.RECURSION_AVAILABLE | rcode, 2);
  return out;
}
