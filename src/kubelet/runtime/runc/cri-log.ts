// The CRI container log format the kubelet (and `kubectl logs`) reads: one record per line,
// `<RFC3339Nano time> <stream> <tag> <content>`, tag F for a full line and P for a piece of a line
// longer than the buffer (the rest follows in later records).
// https://github.com/kubernetes/design-proposals-archive/blob/main/node/kubelet-cri-logging.md

/** Longest content in one record before a line is split into P pieces (containerd's default 16 KiB). */
export const MAX_RECORD = 16 * 1024;

export type Stream = 'stdout' | 'stderr';

/** Go's time.RFC3339Nano: nanoseconds with trailing zeros dropped, UTC as Z. */
export function rfc3339Nano(epochNs: bigint): string {
  const ms = Number(epochNs / 1_000_000n);
  const base = new Date(ms).toISOString().slice(0, 19);
  const frac = (epochNs % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  return `${base}${frac ? `.${frac}` : ''}Z`;
}

/**
 * Cuts a stream's bytes into records: complete lines as F, over-long pieces as P. Bytes after the
 * last newline wait for more input (or `flush` at the end of the stream).
 */
export class LineSplitter {
  readonly #stream: Stream;
  readonly #now: () => bigint;
  #pending = Buffer.alloc(0);

  constructor(stream: Stream, now: () => bigint) {
    this.#stream = stream;
    this.#now = now;
  }

  push(chunk: Buffer): string {
    let data = this.#pending.length ? Buffer.concat([this.#pending, chunk]) : chunk;
    let out = '';
    for (;;) {
      const nl = data.indexOf(0x0a);
      if (nl >= 0 && nl <= MAX_RECORD) {
        out += this.#record('F', data.subarray(0, nl));
        data = data.subarray(nl + 1);
      } else if (data.length > MAX_RECORD) {
        out += this.#record('P', data.subarray(0, MAX_RECORD));
        data = data.subarray(MAX_RECORD);
      } else break;
    }
    this.#pending = Buffer.from(data);
    return out;
  }

  /** The stream ended: an unterminated last line is still a full record. */
  flush(): string {
    const out = this.#pending.length ? this.#record('F', this.#pending) : '';
    this.#pending = Buffer.alloc(0);
    return out;
  }

  #record(tag: 'F' | 'P', content: Buffer): string {
    return `${rfc3339Nano(this.#now())} ${this.#stream} ${tag} ${content.toString('utf8')}\n`;
  }
}
