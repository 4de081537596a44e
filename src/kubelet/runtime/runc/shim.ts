// The per-container shim: a small detached process (its own session, so the agent stopping or
// restarting never takes containers down) that runs `runc run --keep` in the foreground (kept, so
// the cgroup is still there to read OOM kills from until kites runs `runc delete`) and
//   - holds the container's stdout/stderr pipes, writing them to the CRI log file, and
//   - records how the container ended in exit.json, from runc's exit status (the container's, or
//     128+signal), once runc has reaped it.
// runc in the foreground is the container's parent and subreaper, which is what makes the exit status
// knowable without a subreaper of our own (Node cannot become one). Started by containers.ts with
// one JSON argument (ShimArgs). Wall-clock time is read here on purpose: this is a process entry
// point, and log timestamps are the time the bytes arrived.
import { spawn } from 'node:child_process';
import { existsSync, openSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { LineSplitter } from './cri-log.ts';

export interface ShimArgs {
  runc: string;
  /** runc's --root (state directory). */
  runcRoot: string;
  id: string;
  bundle: string;
  logPath: string;
  pidFile: string;
  /** runc's own log (JSON lines): the reason a start failed. */
  runcLog: string;
  exitFile: string;
}

export interface ExitRecord {
  exitCode: number;
  /** Epoch milliseconds. */
  finishedAt: number;
  /** Whether the container process ever ran (runc wrote its pid file). */
  started: boolean;
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15 };

function main(args: ShimArgs): void {
  // Signals meant for the agent's terminal or service must not reach the shim.
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGPIPE'] as const) process.on(s, () => undefined);
  const log = openSync(args.logPath, 'a', 0o640);
  const offset = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();
  const now = () => offset + process.hrtime.bigint();
  const runc = spawn(args.runc, ['--root', args.runcRoot, '--log', args.runcLog, '--log-format', 'json', 'run', '--keep', '--bundle', args.bundle, '--pid-file', args.pidFile, args.id], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const open = new Set<LineSplitter>();
  let exitCode: number | undefined;
  const finish = () => {
    if (exitCode === undefined || open.size > 0) return;
    const record: ExitRecord = { exitCode, finishedAt: Date.now(), started: existsSync(args.pidFile) };
    writeFileSync(`${args.exitFile}.tmp`, JSON.stringify(record));
    renameSync(`${args.exitFile}.tmp`, args.exitFile);
    process.exit(0);
  };
  for (const [stream, pipe] of [['stdout', runc.stdout], ['stderr', runc.stderr]] as const) {
    const splitter = new LineSplitter(stream, now);
    open.add(splitter);
    pipe.on('data', (chunk: Buffer) => writeSync(log, splitter.push(chunk)));
    pipe.on('close', () => {
      writeSync(log, splitter.flush());
      open.delete(splitter);
      finish();
    });
  }
  runc.on('exit', (code, signal) => {
    exitCode = code ?? 128 + (SIGNALS[signal ?? ''] ?? 0);
    finish();
  });
}

main(JSON.parse(process.argv[2] ?? '{}') as ShimArgs);
