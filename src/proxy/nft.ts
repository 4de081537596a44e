// The one door to the kernel: a script fed to `nft -f -`. Behind an interface so tests can record
// the scripts instead of running them (no root needed).
import { spawn } from 'node:child_process';

export interface NftRunner {
  /** Applies the script as one transaction; rejects with nft's message when it is refused. */
  apply(script: string): Promise<void>;
}

export class NftMissingError extends Error {
  constructor() {
    super('the service proxy needs nft: install it with `apt-get install -y nftables`');
    this.name = 'NftMissingError';
  }
}

/** Runs Debian's `nft`, inside the named network namespace when given (`ip netns exec NS nft`). */
export function execNft(options: { netns?: string; nft?: string } = {}): NftRunner {
  const nft = options.nft ?? 'nft';
  const argv = options.netns ? ['ip', 'netns', 'exec', options.netns, nft, '-f', '-'] : [nft, '-f', '-'];
  return {
    apply: (script) =>
      new Promise((resolve, reject) => {
        const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
        child.on('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ENOENT' ? new NftMissingError() : err));
        child.on('close', (code) => {
          // `ip netns exec` reports a program it cannot find this way.
          if (code !== 0 && /^exec of "[^"]*" failed: No such file or directory/m.test(stderr)) reject(new NftMissingError());
          else if (code !== 0) reject(new Error(`nft -f - failed (exit ${code}): ${stderr.trim().slice(0, 2000)}`));
          else resolve();
        });
        child.stdin.on('error', () => undefined);
        child.stdin.end(script);
      }),
  };
}
