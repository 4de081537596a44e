// Reading the CRI container log format back (the writer is runtime/runc/cri-log.ts): records
// `<RFC3339Nano> <stream> <F|P> <content>`, where P pieces are joined with what follows them into one
// line, and the selection `kubectl logs` asks for — sinceSeconds/sinceTime, tailLines, limitBytes,
// timestamps — as upstream's kubelet applies it (pkg/kubelet/kuberuntime/logs).
// https://github.com/kubernetes/design-proposals-archive/blob/main/node/kubelet-cri-logging.md

export interface LogLine {
  /** The RFC3339Nano time of the line's first piece, as written. */
  time: string;
  /** The same, in epoch milliseconds, for `since` comparisons. */
  ms: number;
  stream: 'stdout' | 'stderr';
  content: string;
}

export interface LogSelection {
  /** Only lines at or after this time (epoch ms). */
  sinceMs?: number;
  /** Only the last N lines (of those since sinceMs). */
  tailLines?: number;
  /** Prefix each line with its RFC3339Nano time and a space, as `kubectl logs --timestamps`. */
  timestamps?: boolean;
}

/** One record; undefined for a line that is not CRI format (skipped, as upstream skips it with an error log). */
export function parseRecord(line: string): { time: string; ms: number; stream: 'stdout' | 'stderr'; partial: boolean; content: string } | undefined {
  const m = /^(\S+) (stdout|stderr) ([FP]) ?/.exec(line);
  if (!m) return undefined;
  const ms = Date.parse(m[1]!);
  if (Number.isNaN(ms)) return undefined;
  return { time: m[1]!, ms, stream: m[2] as 'stdout' | 'stderr', partial: m[3] === 'P', content: line.slice(m[0].length) };
}

/**
 * Turns a log file's bytes into whole lines: records are cut at newlines (a record still being
 * written waits for its newline), and P pieces wait for the F that ends their line on the same stream.
 */
export class CriLogDecoder {
  #rest = '';
  readonly #partial = new Map<string, { time: string; ms: number; content: string }>();

  push(chunk: Buffer | string): LogLine[] {
    const text = this.#rest + chunk.toString();
    const end = text.lastIndexOf('\n');
    if (end < 0) {
      this.#rest = text;
      return [];
    }
    this.#rest = text.slice(end + 1);
    const out: LogLine[] = [];
    for (const raw of text.slice(0, end).split('\n')) {
      const r = parseRecord(raw);
      if (!r) continue;
      const started = this.#partial.get(r.stream);
      const first = started ?? { time: r.time, ms: r.ms, content: '' };
      first.content += r.content;
      if (r.partial) this.#partial.set(r.stream, first);
      else {
        this.#partial.delete(r.stream);
        out.push({ time: first.time, ms: first.ms, stream: r.stream, content: first.content });
      }
    }
    return out;
  }
}

export function formatLine(line: LogLine, timestamps: boolean | undefined): string {
  return `${timestamps ? `${line.time} ` : ''}${line.content}\n`;
}

/** Whether `line` passes the since filter. */
export function selected(line: LogLine, selection: LogSelection): boolean {
  return selection.sinceMs === undefined || line.ms >= selection.sinceMs;
}

/** Keeps the last `n` lines pushed (all when n is undefined). */
export class TailBuffer {
  readonly #n: number | undefined;
  #lines: LogLine[] = [];

  constructor(n: number | undefined) {
    this.#n = n;
  }

  push(lines: LogLine[]): void {
    if (this.#n === 0) return;
    this.#lines.push(...lines);
    if (this.#n !== undefined && this.#lines.length > 2 * this.#n + 1024) this.#lines = this.#lines.slice(-this.#n);
  }

  take(): LogLine[] {
    const out = this.#n === undefined ? this.#lines : this.#n === 0 ? [] : this.#lines.slice(-this.#n);
    this.#lines = [];
    return out;
  }
}

/** Counts down limitBytes: answers how much of a chunk may still go out. */
export class ByteLimit {
  #left: number;

  constructor(limitBytes: number | undefined) {
    this.#left = limitBytes ?? Infinity;
  }

  get exhausted(): boolean {
    return this.#left <= 0;
  }

  cut(text: string): Buffer {
    const bytes = Buffer.from(text);
    const out = bytes.length <= this.#left ? bytes : bytes.subarray(0, this.#left);
    this.#left -= out.length;
    return out;
  }
}
