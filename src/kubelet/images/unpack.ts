// Unpacks one image layer (a tar changeset, OCI image-spec layer.md) into a directory that overlayfs
// can use as a lowerdir. node-tar parses the archive (gzip detection, pax and GNU long names); the
// entries are written here because node-tar's own extractor is made for packages, not root
// filesystems: it strips the leading `/` from symlink targets and refuses symlinks that point
// through other symlinks, both of which are normal inside an image.
//
// Safety: every entry is written below `root` through directories this function has checked with
// lstat — a parent that is a symlink (or a path with `..`) refuses the whole layer, so no entry can
// land outside. Symlink targets are stored verbatim: they are resolved inside the container.
// Whiteouts `.wh.NAME` become overlayfs whiteouts (a character device 0/0 named NAME) and
// `.wh..wh..opq` the `trusted.overlay.opaque=y` xattr; devices and FIFOs are made with mknod(1).
import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { createHash, type Hash } from 'node:crypto';
import { chmod, chown, lchown, link, lstat, lutimes, mkdir, open, rm, symlink, unlink, utimes } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { Parser, type ReadEntry } from 'tar';

const run = promisify(execFile);
const whiteoutPrefix = '.wh.';
const opaqueMarker = '.wh..wh..opq';

export class LayerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LayerError';
  }
}

export interface UnpackResult {
  /** sha256 of the uncompressed tar: the layer's diffID, to check against the image config. */
  diffId: string;
  /** Bytes of regular file content. */
  size: number;
  /** Paths (relative to the layer) hidden from lower layers. */
  whiteouts: string[];
  opaqueDirs: string[];
}

interface Owner {
  mode: number;
  uid: number;
  gid: number;
  mtime: Date;
}

/** `./a/b/` → `a/b`; undefined for paths with `..` (which could climb out). */
export function cleanEntryPath(raw: string): string | undefined {
  if (raw.split('/').includes('..')) return undefined;
  return posix.normalize(`/${raw}`).slice(1).replace(/\/$/, '');
}

/** gzip and zstd by their magic numbers, as `docker load` tells layer compressions apart. */
export async function compressionOf(source: string): Promise<'gzip' | 'zstd' | 'none'> {
  const file = await open(source, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(4), 0, 4, 0);
    if (bytesRead >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) return 'gzip';
    if (bytesRead === 4 && buffer.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
    return 'none';
  } finally {
    await file.close();
  }
}

function hashing(hash: Hash): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
}

/**
 * Extracts `source` (a tar, gzip-compressed or not) into the empty directory `root`. Throws
 * LayerError for entries that try to escape, and for archives that cannot be read.
 */
export async function unpackLayer(source: string, root: string): Promise<UnpackResult> {
  const compression = await compressionOf(source);
  if (compression === 'zstd') throw new LayerError('zstd-compressed layers are not supported (Node 20 has no zstd)');
  const hash = createHash('sha256');
  const state = { size: 0, whiteouts: [] as string[], opaqueDirs: [] as string[], dirs: new Map<string, Owner>() };
  const warnings: string[] = [];
  const parser = new Parser({ onwarn: (code: string, message: string | Error) => { if (code !== 'TAR_ENTRY_INFO') warnings.push(`${code}: ${String(message)}`); } });
  let chain: Promise<void> = Promise.resolve();
  let failure: Error | undefined;
  parser.on('entry', (entry: ReadEntry) => {
    chain = chain.then(async () => {
      if (failure) entry.resume();
      else await writeEntry(root, entry, state);
    }).catch((err: Error) => {
      failure ??= err;
      entry.resume();
    });
  });
  try {
    const input = createReadStream(source);
    if (compression === 'gzip') await pipeline(input, createGunzip(), hashing(hash), parser);
    else await pipeline(input, hashing(hash), parser);
    await chain;
  } catch (err) {
    throw new LayerError(`cannot unpack layer: ${(err as Error).message}`);
  }
  if (failure) throw failure instanceof LayerError ? failure : new LayerError(`cannot unpack layer: ${failure.message}`);
  if (warnings.length > 0) throw new LayerError(`cannot unpack layer: ${warnings.slice(0, 3).join('; ')}`);
  for (const path of state.whiteouts) await makeWhiteout(root, path);
  for (const dir of state.opaqueDirs) await markOpaque(root, dir);
  // Directory metadata last: creating children changes a directory's mtime.
  for (const [dir, owner] of [...state.dirs].reverse()) await applyOwner(join(root, dir), owner, false);
  return { diffId: `sha256:${hash.digest('hex')}`, size: state.size, whiteouts: state.whiteouts.sort(), opaqueDirs: state.opaqueDirs.sort() };
}

async function writeEntry(root: string, entry: ReadEntry, state: { size: number; whiteouts: string[]; opaqueDirs: string[]; dirs: Map<string, Owner> }): Promise<void> {
  const path = cleanEntryPath(entry.path);
  if (path === undefined) throw new LayerError(`refusing layer: entry "${entry.path}" climbs out of the layer`);
  const name = posix.basename(path);
  const owner: Owner = { mode: (entry.mode ?? 0o644) & 0o7777, uid: entry.uid ?? 0, gid: entry.gid ?? 0, mtime: entry.mtime ?? new Date(0) };
  if (path === '' || name === opaqueMarker || name.startsWith(whiteoutPrefix)) {
    if (name === opaqueMarker) state.opaqueDirs.push(posix.dirname(path));
    // `.wh..wh.*` other than the opaque marker are aufs bookkeeping (e.g. .wh..wh.plnk): ignored.
    else if (name.startsWith(whiteoutPrefix) && !name.startsWith(whiteoutPrefix + whiteoutPrefix)) state.whiteouts.push(posix.join(posix.dirname(path), name.slice(whiteoutPrefix.length)));
    entry.resume();
    return;
  }
  const target = join(await safeDirectory(root, posix.dirname(path)), name);
  const existing = await lstat(target).catch(() => undefined);
  if (entry.type === 'Directory') {
    if (existing && !existing.isDirectory()) await unlink(target);
    if (!existing?.isDirectory()) await mkdir(target, { mode: 0o700 });
    state.dirs.set(path, owner);
    entry.resume();
    return;
  }
  // A later entry replaces an earlier one of the same path, as tar(1) does.
  if (existing) await rm(target, { recursive: true, force: true });
  switch (entry.type) {
    case 'File':
    case 'OldFile':
    case 'ContiguousFile':
      await pipeline(entry, createWriteStream(target, { mode: 0o600, flags: 'wx' }));
      state.size += entry.size ?? 0;
      return applyOwner(target, owner, false);
    case 'SymbolicLink':
      await symlink(String(entry.linkpath), target);
      entry.resume();
      return applyOwner(target, owner, true);
    case 'Link':
      await link(await linkSource(root, String(entry.linkpath)), target);
      entry.resume();
      return;
    case 'CharacterDevice':
    case 'BlockDevice':
    case 'FIFO': {
      const kind = entry.type === 'CharacterDevice' ? ['c', String(entry.header.devmaj), String(entry.header.devmin)] : entry.type === 'BlockDevice' ? ['b', String(entry.header.devmaj), String(entry.header.devmin)] : ['p'];
      await run('mknod', [target, ...kind]);
      entry.resume();
      return applyOwner(target, owner, false);
    }
    default:
      entry.resume();
      throw new LayerError(`refusing layer: entry "${entry.path}" has unsupported type ${entry.type}`);
  }
}

/** chown before chmod: chown clears setuid/setgid bits. Symlinks get an owner and mtime only. */
async function applyOwner(target: string, owner: Owner, isSymlink: boolean): Promise<void> {
  if (isSymlink) {
    await lchown(target, owner.uid, owner.gid);
    await lutimes(target, owner.mtime, owner.mtime);
    return;
  }
  await chown(target, owner.uid, owner.gid);
  await chmod(target, owner.mode);
  await utimes(target, owner.mtime, owner.mtime);
}

/** The directory `rel` under root, created if missing; refuses a part that is not a directory. */
async function safeDirectory(root: string, rel: string): Promise<string> {
  let current = root;
  for (const part of rel.split('/').filter((p) => p !== '' && p !== '.')) {
    current = join(current, part);
    const stat = await lstat(current).catch(() => undefined);
    if (!stat) await mkdir(current, { mode: 0o755 });
    else if (!stat.isDirectory()) throw new LayerError(`refusing layer: "${rel}" passes through "${part}", which is not a directory in the layer`);
  }
  return current;
}

/** A hard link's target: an earlier entry of this layer, reached without symlinks. */
async function linkSource(root: string, raw: string): Promise<string> {
  const path = cleanEntryPath(raw);
  if (!path) throw new LayerError(`refusing layer: hard link to "${raw}" points out of the layer`);
  const source = join(await safeDirectory(root, posix.dirname(path)), posix.basename(path));
  const stat = await lstat(source).catch(() => undefined);
  if (!stat || stat.isDirectory()) throw new LayerError(`refusing layer: hard link to "${raw}", which is not a file earlier in the layer`);
  return source;
}

async function makeWhiteout(root: string, path: string): Promise<void> {
  const target = join(await safeDirectory(root, posix.dirname(path)), posix.basename(path));
  // The layer's own entry wins over a whiteout of the same name (a whiteout hides lower layers only).
  if (await lstat(target).catch(() => undefined)) return;
  await run('mknod', ['-m', '000', target, 'c', '0', '0']);
}

async function markOpaque(root: string, dir: string): Promise<void> {
  const target = await safeDirectory(root, dir);
  try {
    await run('setfattr', ['-n', 'trusted.overlay.opaque', '-v', 'y', target]);
  } catch (err) {
    const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
    throw new LayerError(missing ? 'opaque directories need setfattr (Debian package "attr")' : `cannot mark "${dir}" opaque: ${(err as Error).message}`);
  }
}
