// `kites token create`: what a new node needs to join this server.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { DEFAULT_DATA_DIR, paths, serverPort } from './cluster-files.ts';

export function tokenCommand(): Command {
  const token = new Command('token').description('Join tokens for node agents.');
  token
    .command('create')
    .description("Print the server's node join token, and the command that joins a node with it.")
    .option('--data-dir <dir>', "the server's data directory", DEFAULT_DATA_DIR)
    .action(async (opts: { dataDir: string }) => {
      const dataDir = resolve(opts.dataDir);
      const p = paths(dataDir);
      const value = (await readFile(p.nodeToken, 'utf8').catch(() => '')).trim();
      if (!value) {
        process.stderr.write(`no node token in ${dataDir}: start the server first (kites up --data-dir ${dataDir})\n`);
        process.exitCode = 1;
        return;
      }
      const port = (await serverPort(dataDir)) ?? 6443;
      process.stdout.write(`${value}\n`);
      process.stderr.write(`\njoin a node (copy ${p.ca} to it):\n  kites agent --server https://SERVER_IP:${port} --token ${value} --ca-file ca.crt --node-name NAME\n`);
    });
  return token;
}
