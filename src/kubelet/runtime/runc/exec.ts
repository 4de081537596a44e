// `kubectl exec` on runc: `runc exec` in the foreground, with pipes — or, for a TTY, under util-linux
// `script`, because a foreground `runc exec --tty` insists on its own stdio being a terminal (it
// relays between that terminal and the container's console, and passes SIGWINCH on). Resizing sets
// the size of script's terminal with stty, which signals runc, which resizes the container's.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, readlink } from 'node:fs/promises';
import type { ExecRequest, ExecSession } from '../types.ts';

/** How long a killed exec gets between SIGTERM (runc passes it to the process) and SIGKILL. */
const KILL_GRACE_MS = 2000;

export function runcExec(runc: string, runcRoot: string, id: string, request: ExecRequest): ExecSession {
  const args = [runc, '--root', runcRoot, 'exec', ...(request.tty ? ['--tty'] : []), id, ...request.cmd];
  const child = request.tty
    // runc's own errors reach the terminal, hence stdout; script's are not the user's business.
    ? spawn('script', ['--quiet', '--return', '--command', args.map(shellQuote).join(' '), '/dev/null'], { stdio: ['pipe', 'pipe', 'ignore'] })
    : spawn(args[0]!, args.slice(1), { stdio: [request.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number>((resolve) => {
    child.once('error', () => resolve(126));
    child.once('close', (code, signal) => resolve(code ?? 128 + (signal === 'SIGKILL' ? 9 : 15)));
  });
  let pty: Promise<string | undefined> | undefined;
  return {
    stdin: request.stdin || request.tty ? child.stdin! : undefined,
    stdout: child.stdout!,
    stderr: request.tty ? undefined : child.stderr!,
    exited,
    resize(size) {
      if (!request.tty) return;
      pty ??= scriptTerminal(child);
      void pty.then((path) => path && spawn('stty', ['-F', path, 'cols', String(size.width), 'rows', String(size.height)], { stdio: 'ignore' }).on('error', () => undefined));
    },
    kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS).unref();
    },
  };
}

/** The terminal script made for runc: its child's stdin. */
async function scriptTerminal(script: ChildProcess): Promise<string | undefined> {
  for (let i = 0; i < 20; i++) {
    const children = await readFile(`/proc/${script.pid}/task/${script.pid}/children`, 'utf8').catch(() => '');
    const pid = children.trim().split(/\s+/)[0];
    if (pid) return readlink(`/proc/${pid}/fd/0`).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 25));
  }
  return undefined;
}

function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}
