// What `kubectl exec` runs in a fake container: nothing real, but enough to exercise the streams.
// The command line is echoed on stdout, then stdin is copied to stdout until it ends; the exit code
// is 0 unless the last argument reads `exit N` (so `sh -c 'exit 3'` exits 3, as it would for real).
import { PassThrough } from 'node:stream';
import type { ExecRequest, ExecSession } from '../types.ts';

export function fakeExec(request: ExecRequest): ExecSession {
  const stdout = new PassThrough();
  const stderr = request.tty ? undefined : new PassThrough();
  const stdin = request.stdin ? new PassThrough() : undefined;
  const code = Number(/^exit (\d{1,3})$/.exec(request.cmd.at(-1)?.trim() ?? '')?.[1] ?? 0) & 0xff;
  stdout.write(`${request.cmd.join(' ')}\n`);
  const exited = new Promise<number>((resolve) => {
    const finish = () => {
      stdout.end();
      stderr?.end();
      resolve(code);
    };
    if (!stdin) return finish();
    stdin.pipe(stdout, { end: false });
    stdin.once('end', finish);
  });
  return {
    stdin, stdout, stderr, exited,
    resize: () => undefined,
    kill: () => stdin?.end(),
  };
}
