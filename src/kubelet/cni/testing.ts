// Test helpers for networking tests that need root: a network namespace standing for a node (so
// the host namespace is never touched) and namespace files like the runtime's sandboxes use.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mustRun, run } from './command.ts';

/** Why a root-only test is skipped, or false when it can run. */
export async function rootSkipReason(tools: string[] = ['ip', 'nft', 'unshare']): Promise<string | false> {
  if (process.getuid?.() !== 0) return 'needs root (network namespaces, mounts, cgroups)';
  for (const t of tools) {
    if ((await run(['sh', '-c', `command -v ${t}`])).code !== 0) return `needs ${t} on PATH`;
  }
  return false;
}

/** `ip netns add kites-test-…`; loopback up. */
export async function createTestNetns(): Promise<string> {
  const name = `kites-test-${randomBytes(4).toString('hex')}`;
  await mustRun(['ip', 'netns', 'add', name]);
  await mustRun(['ip', 'netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up']);
  return name;
}

export async function deleteTestNetns(name: string): Promise<void> {
  await run(['ip', 'netns', 'del', name]);
}

/** A fresh network namespace bound to a file in a temp dir; returns the file and a remover. */
export async function netnsFile(): Promise<{ path: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'kites-ns-'));
  const path = join(dir, 'net');
  await writeFile(path, '');
  await mustRun(['unshare', `--net=${path}`, 'true']);
  return { path, remove: async () => { await run(['umount', path]); await rm(dir, { recursive: true, force: true }); } };
}
