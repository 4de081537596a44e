// Names outside the cluster go to the host's resolvers, like CoreDNS's `forward . /etc/resolv.conf`:
// each upstream in turn over UDP with a per-server timeout, retried over TCP when the answer comes
// back truncated. No answer from anyone → undefined (the caller answers SERVFAIL); it never hangs.
import { randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { connect, isIPv4, isIPv6 } from 'node:net';
import { realClock, type Clock } from '../client/index.ts';
import { inCIDR } from './names.ts';

export interface Upstream {
  host: string;
  port: number;
}

/** The nameservers of a resolv.conf, minus those inside `skipCIDRs` (the cluster's own DNS would loop). */
export function upstreamsFromResolvConf(text: string, skipCIDRs: readonly string[]): Upstream[] {
  const out: Upstream[] = [];
  for (const line of text.split('\n')) {
    const [keyword, host] = line.replace(/[#;].*/, '').trim().split(/\s+/);
    if (keyword !== 'nameserver' || !host) continue;
    const ip = host.replace(/%.*$/, '');
    if (!isIPv4(ip) && !isIPv6(ip)) continue;
    if (skipCIDRs.some((cidr) => inCIDR(ip, cidr))) continue;
    out.push({ host: ip, port: 53 });
  }
  return out;
}

/** "1.2.3.4", "1.2.3.4:5353", "[fd00::1]:53" → Upstream */
export function parseUpstream(text: string): Upstream {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const [host, port] = bracketed ? [bracketed[1]!, bracketed[2]] : isIPv6(text) ? [text, undefined] : (text.split(':') as [string, string | undefined]);
  const portNumber = port === undefined ? 53 : Number(port);
  if ((!isIPv4(host) && !isIPv6(host)) || !Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535) {
    throw new Error(`invalid DNS upstream "${text}": want IP or IP:PORT`);
  }
  return { host, port: portNumber };
}

export interface ForwarderOptions {
  upstreams: readonly Upstream[];
  /** Per upstream and transport (CoreDNS's forward plugin waits at most 2 s for a reply too). */
  timeoutMs?: number;
  clock?: Clock;
}

const MAX_TCP_MESSAGE = 65535;

export class Forwarder {
  readonly #upstreams: readonly Upstream[];
  readonly #timeoutMs: number;
  readonly #clock: Clock;

  constructor(options: ForwarderOptions) {
    this.#upstreams = options.upstreams;
    this.#timeoutMs = options.timeoutMs ?? 2000;
    this.#clock = options.clock ?? realClock;
  }

  get upstreams(): readonly Upstream[] {
    return this.#upstreams;
  }

  /**
   * The upstream's reply to `query` (a whole DNS message), carrying the query's own id; undefined
   * when no upstream answered. The query goes out under a fresh random id so that a stray or spoofed
   * reply to some other query cannot be taken for this one.
   */
  async forward(query: Buffer): Promise<Buffer | undefined> {
    for (const upstream of this.#upstreams) {
      const id = randomInt(0, 65536);
      const out = Buffer.from(query);
      out.writeUInt16BE(id, 0);
      let reply = await this.#udp(upstream, out, id);
      if (reply && isTruncated(reply)) reply = (await this.#tcp(upstream, out, id)) ?? reply;
      if (reply) {
        reply.writeUInt16BE(query.readUInt16BE(0), 0);
        return reply;
      }
    }
    return undefined;
  }

  #udp(upstream: Upstream, message: Buffer, id: number): Promise<Buffer | undefined> {
    return new Promise((resolve) => {
      const socket = createSocket(isIPv6(upstream.host) ? 'udp6' : 'udp4');
      const finish = (reply: Buffer | undefined) => {
        this.#clock.clearTimeout(timer);
        socket.close();
        resolve(reply);
      };
      const timer = this.#clock.setTimeout(() => finish(undefined), this.#timeoutMs);
      socket.on('error', () => finish(undefined));
      socket.on('message', (reply, from) => {
        if (from.address === upstream.host && from.port === upstream.port && isReplyTo(reply, message, id)) finish(Buffer.from(reply));
      });
      socket.send(message, upstream.port, upstream.host);
    });
  }

  #tcp(upstream: Upstream, message: Buffer, id: number): Promise<Buffer | undefined> {
    return new Promise((resolve) => {
      const socket = connect({ host: upstream.host, port: upstream.port });
      let received = Buffer.alloc(0);
      const finish = (reply: Buffer | undefined) => {
        this.#clock.clearTimeout(timer);
        socket.destroy();
        resolve(reply);
      };
      const timer = this.#clock.setTimeout(() => finish(undefined), this.#timeoutMs);
      socket.on('error', () => finish(undefined));
      socket.on('close', () => finish(undefined));
      socket.on('connect', () => socket.write(Buffer.concat([lengthPrefix(message.length), message])));
      socket.on('data', (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        if (received.length > MAX_TCP_MESSAGE + 2) return finish(undefined);
        if (received.length < 2 || received.length < 2 + received.readUInt16BE(0)) return;
        const reply = received.subarray(2, 2 + received.readUInt16BE(0));
        finish(isReplyTo(reply, message, id) ? Buffer.from(reply) : undefined);
      });
    });
  }
}

export function lengthPrefix(length: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(length, 0);
  return b;
}

const isTruncated = (message: Buffer) => (message.readUInt16BE(2) & 0x0200) !== 0;

/** A response (QR set) with our id whose question section is the query's. */
function isReplyTo(reply: Buffer, query: Buffer, id: number): boolean {
  if (reply.length < 12 || reply.readUInt16BE(0) !== id || (reply.readUInt16BE(2) & 0x8000) === 0) return false;
  const questionEnd = questionSectionEnd(query);
  if (questionEnd === undefined || reply.length < questionEnd) return false;
  return reply.readUInt16BE(4) === query.readUInt16BE(4) && reply.subarray(12, questionEnd).toString('latin1').toLowerCase() === query.subarray(12, questionEnd).toString('latin1').toLowerCase();
}

/** Where the question section of an uncompressed query ends, or undefined if it is malformed. */
function questionSectionEnd(message: Buffer): number | undefined {
  let at = 12;
  for (let q = message.readUInt16BE(4); q > 0; q--) {
    while (at < message.length && message[at] !== 0) {
      if ((message[at]! & 0xc0) !== 0) return undefined;
      at += message[at]! + 1;
    }
    at += 5;
    if (at > message.length) return undefined;
  }
  return at;
}
