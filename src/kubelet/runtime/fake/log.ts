// What a fake container "prints": a CRI log file (the same layout and format as the runc runtime's),
// so `kubectl logs` and `logs -f` work against hollow nodes. A line when the container starts and
// when it exits, and with the pod annotation kites.dev/fake-log-every-seconds a numbered line that
// often while it runs (off by default: thousands of hollow pods should not write to disk each second).
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Clock, TimerHandle } from '../../../client/clock.ts';
import { rfc3339Nano } from '../runc/cri-log.ts';

export const FAKE_LOG_EVERY_SECONDS_ANNOTATION = 'kites.dev/fake-log-every-seconds';

export class FakeLog {
  readonly path: string;
  readonly #clock: Clock;
  readonly #everyMs: number | undefined;
  /** Appends in order: each write waits for the previous one. */
  #writing: Promise<void>;
  #timer: TimerHandle | undefined;
  #ticks = 0;

  constructor(path: string, clock: Clock, everySeconds: string | undefined) {
    this.path = path;
    this.#clock = clock;
    const n = Number(everySeconds);
    this.#everyMs = everySeconds !== undefined && Number.isFinite(n) && n > 0 ? n * 1000 : undefined;
    this.#writing = mkdir(dirname(path), { recursive: true, mode: 0o750 }).then(() => undefined, () => undefined);
  }

  /** Writes the start line and starts ticking, if asked to. */
  start(name: string): void {
    this.write(`fake container ${name} started`);
    if (this.#everyMs !== undefined) this.#schedule(name);
  }

  stop(name: string, exitCode: number): void {
    this.close();
    this.write(`fake container ${name} exited with code ${exitCode}`);
  }

  /** Stops ticking (the agent is stopping; the container is not). */
  close(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  write(text: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
    const record = `${rfc3339Nano(BigInt(this.#clock.now()) * 1_000_000n)} ${stream} F ${text}\n`;
    // A pod's log directory can go before its last line is written; that line is simply lost.
    this.#writing = this.#writing.then(() => appendFile(this.path, record, { mode: 0o640 })).catch(() => undefined);
  }

  /** Resolves once everything written so far is in the file (tests). */
  flushed(): Promise<void> {
    return this.#writing;
  }

  #schedule(name: string): void {
    this.#timer = this.#clock.setTimeout(() => {
      this.write(`fake container ${name} tick ${++this.#ticks}`);
      this.#schedule(name);
    }, this.#everyMs!);
  }
}
