// hostPath volumes: the node's own path, checked (or created) by its type as upstream's hostPath
// plugin does (pkg/volume/hostpath): DirectoryOrCreate makes a 0755 directory, FileOrCreate an empty
// 0644 file; the other types only check what is there.
import type { HostPathVolumeSource } from 'kubernetes-types/core/v1.d.ts';
import { mkdir, open, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { VolumeSetupError } from './payloads.ts';

const CHECKS: Record<string, [(s: Stats) => boolean, string]> = {
  Directory: [(s) => s.isDirectory(), 'a directory'],
  DirectoryOrCreate: [(s) => s.isDirectory(), 'a directory'],
  File: [(s) => s.isFile(), 'a file'],
  FileOrCreate: [(s) => s.isFile(), 'a file'],
  Socket: [(s) => s.isSocket(), 'a socket file'],
  CharDevice: [(s) => s.isCharacterDevice(), 'a character device'],
  BlockDevice: [(s) => s.isBlockDevice(), 'a block device'],
};

export async function setUpHostPath(source: HostPathVolumeSource): Promise<string> {
  const { path, type = '' } = source;
  if (!type) return path;
  const check = CHECKS[type];
  if (!check) throw new VolumeSetupError(`hostPath type check failed: unknown type ${type}`);
  let st = await stat(path).catch(() => undefined);
  if (!st && type === 'DirectoryOrCreate') {
    await mkdir(path, { recursive: true, mode: 0o755 });
    st = await stat(path);
  } else if (!st && type === 'FileOrCreate') {
    await (await open(path, 'a', 0o644)).close();
    st = await stat(path);
  }
  if (!st || !check[0](st)) throw new VolumeSetupError(`hostPath type check failed: ${path} is not ${check[1]}`);
  return path;
}
