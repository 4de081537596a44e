// Serving one container's CRI log file: the selected lines (since, tail, limitBytes, timestamps)
// and, with follow, new lines as they are written — checked every pollMs, as upstream's kubelet
// falls back to when it cannot watch the file — until the container has stopped (and its last
// lines are out), the byte limit is reached, or the reader goes away.
import { open, type FileHandle } from 'node:fs/promises';
import { sleep, type Clock } from '../../client/clock.ts';
import { ByteLimit, CriLogDecoder, TailBuffer, formatLine, selected, type LogLine, type LogSelection } from './cri-format.ts';

export interface LogStreamOptions extends LogSelection {
  follow?: boolean;
  limitBytes?: number;
}

export interface LogStreamControl {
  clock: Clock;
  /** Stops the stream (the client went away). */
  signal: AbortSignal;
  /** Whether the container may still write (follow ends once this answers false and the file is drained). */
  running: () => Promise<boolean>;
  pollMs?: number;
}

/** Receives output; a returned promise is awaited (backpressure). */
export type LogSink = (chunk: Buffer) => void | Promise<void>;

const CHUNK = 64 * 1024;
const DEFAULT_POLL_MS = 200;

export async function streamContainerLog(path: string, options: LogStreamOptions, sink: LogSink, control: LogStreamControl): Promise<void> {
  const file = await open(path, 'r');
  try {
    const decoder = new CriLogDecoder();
    const limit = new ByteLimit(options.limitBytes);
    const emit = async (lines: LogLine[]) => {
      for (const line of lines) {
        if (limit.exhausted || control.signal.aborted) return;
        if (selected(line, options)) await sink(limit.cut(formatLine(line, options.timestamps)));
      }
    };
    // The existing content first, cut to the tail.
    const tail = new TailBuffer(options.tailLines);
    let offset = await readFrom(file, 0, (chunk) => tail.push(decoder.push(chunk)));
    await emit(tail.take());
    if (!options.follow) return;
    for (;;) {
      if (limit.exhausted || control.signal.aborted) return;
      // Asked before reading, so lines written just before the container stopped are still read.
      const running = await control.running();
      const pending: LogLine[] = [];
      offset = await readFrom(file, offset, (chunk) => pending.push(...decoder.push(chunk)));
      await emit(pending);
      if (!running) return;
      await sleep(control.clock, control.pollMs ?? DEFAULT_POLL_MS, control.signal);
    }
  } finally {
    await file.close();
  }
}

/** Reads from `offset` to the current end; answers the new offset. */
async function readFrom(file: FileHandle, offset: number, onChunk: (chunk: Buffer) => void): Promise<number> {
  const buf = Buffer.alloc(CHUNK);
  for (;;) {
    const { bytesRead } = await file.read(buf, 0, CHUNK, offset);
    if (bytesRead === 0) return offset;
    offset += bytesRead;
    onChunk(Buffer.from(buf.subarray(0, bytesRead)));
  }
}
