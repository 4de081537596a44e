// The listeners: UDP and TCP (RFC 7766: two-byte length prefix, several queries per connection) on one
// address and port. Concurrency is bounded — queries beyond the limit are dropped (UDP) or wait their
// turn on their connection (TCP) — and idle or oversized TCP connections are closed.
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, isIPv6, type Server, type Socket } from 'node:net';
import type { Logger } from '../log/logger.ts';
import { lengthPrefix } from './forwarder.ts';
import type { Transport } from './handler.ts';

export interface DnsServerOptions {
  address: string;
  /** 0 picks a free port (the same one for UDP and TCP). */
  port: number;
  answer(message: Buffer, transport: Transport): Promise<Buffer | undefined>;
  logger: Logger;
  /** Queries being answered at once, over both transports. */
  maxInFlight?: number;
  maxTcpConnections?: number;
  tcpIdleTimeoutMs?: number;
}

/** Queries one TCP connection may have waiting before it is cut off. */
const MAX_TCP_PIPELINE = 64;

export class DnsServer {
  readonly #options: DnsServerOptions;
  readonly #maxInFlight: number;
  #udp: UdpSocket | undefined;
  #tcp: Server | undefined;
  #inFlight = 0;
  readonly #connections = new Set<Socket>();

  constructor(options: DnsServerOptions) {
    this.#options = options;
    this.#maxInFlight = options.maxInFlight ?? 1000;
  }

  /** Binds both listeners; rejects (leaving nothing bound) if either cannot. Resolves to the port. */
  async listen(): Promise<number> {
    const { address, port } = this.#options;
    const udp = createSocket({ type: isIPv6(address) ? 'udp6' : 'udp4' });
    try {
      await new Promise<void>((resolve, reject) => {
        udp.once('error', reject);
        udp.bind(port, address, () => {
          udp.off('error', reject);
          resolve();
        });
      });
    } catch (err) {
      udp.close();
      throw err;
    }
    const bound = udp.address().port;
    const tcp = createServer({ pauseOnConnect: false }, (conn) => this.#serveTcp(conn));
    tcp.maxConnections = this.#options.maxTcpConnections ?? 256;
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen(bound, address, () => {
          tcp.off('error', reject);
          resolve();
        });
      });
    } catch (err) {
      udp.close();
      throw err;
    }
    udp.on('error', (err) => this.#options.logger.warn('dns udp socket error', { err: String(err) }));
    udp.on('message', (message, from) => this.#serveUdp(udp, message, from.address, from.port));
    tcp.on('error', (err) => this.#options.logger.warn('dns tcp listener error', { err: String(err) }));
    this.#udp = udp;
    this.#tcp = tcp;
    return bound;
  }

  async close(): Promise<void> {
    const udp = this.#udp;
    const tcp = this.#tcp;
    this.#udp = this.#tcp = undefined;
    if (udp) await new Promise<void>((resolve) => udp.close(() => resolve()));
    if (tcp) {
      for (const conn of this.#connections) conn.destroy();
      await new Promise<void>((resolve) => tcp.close(() => resolve()));
    }
  }

  #serveUdp(socket: UdpSocket, message: Buffer, host: string, port: number): void {
    if (this.#inFlight >= this.#maxInFlight) return;
    void this.#answer(message, 'udp').then((reply) => {
      if (reply && this.#udp === socket) socket.send(reply, port, host);
    });
  }

  #serveTcp(conn: Socket): void {
    this.#connections.add(conn);
    conn.on('close', () => this.#connections.delete(conn));
    let buffered = Buffer.alloc(0);
    let chain = Promise.resolve();
    let queued = 0;
    conn.setTimeout(this.#options.tcpIdleTimeoutMs ?? 10_000, () => conn.destroy());
    conn.on('error', () => conn.destroy());
    conn.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const message = buffered.subarray(2, 2 + buffered.readUInt16BE(0));
        buffered = buffered.subarray(2 + message.length);
        if (++queued > MAX_TCP_PIPELINE) return conn.destroy();
        // Replies go out in order, one query at a time per connection, so one connection cannot
        // take more than its share of the server.
        chain = chain.then(async () => {
          const reply = await this.#answer(message, 'tcp');
          queued--;
          if (reply && !conn.destroyed) conn.write(Buffer.concat([lengthPrefix(reply.length), reply]));
        });
      }
    });
  }

  async #answer(message: Buffer, transport: Transport): Promise<Buffer | undefined> {
    this.#inFlight++;
    try {
      return await this.#options.answer(message, transport);
    } catch (err) {
      this.#options.logger.warn('dns answer failed', { err: String(err) });
      return undefined;
    } finally {
      this.#inFlight--;
    }
  }
}
