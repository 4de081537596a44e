// Running the host tools the node's networking and containers need (ip, nft, unshare, runc, CNI
// plugins). A node may keep its networking in a network namespace of its own (tests run every node
// that way, so the host namespace stays untouched): then network commands run under
// `ip netns exec NS`, while mounts, runc and cgroups stay in the agent's own namespaces.
import { spawn } from 'node:child_process';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string;
  env?: Record<string, string>;
}

export class CommandError extends Error {
  readonly result: CommandResult;
  constructor(argv: string[], result: CommandResult) {
    super(`${argv.join(' ')} failed (exit ${result.code}): ${(result.stderr || result.stdout).trim().slice(0, 500)}`);
    this.name = 'CommandError';
    this.result = result;
  }
}

/** Runs argv to completion; never throws for a non-zero exit (see `mustRun`). */
export function run(argv: string[], options: RunOptions = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

export async function mustRun(argv: string[], options: RunOptions = {}): Promise<string> {
  const result = await run(argv, options);
  if (result.code !== 0) throw new CommandError(argv, result);
  return result.stdout;
}

/** argv prefixed so it runs in the node's network namespace (unchanged when the node uses the agent's own). */
export function inNodeNetns(nodeNetns: string | undefined, argv: string[]): string[] {
  return nodeNetns ? ['ip', 'netns', 'exec', nodeNetns, ...argv] : argv;
}
