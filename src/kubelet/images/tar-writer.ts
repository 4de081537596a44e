// Writes tar archives from an in-memory list of entries, byte-for-byte reproducibly: the caller
// fixes mtimes and owners, entries are written in path order, and headers are encoded by node-tar.
// Used to build the demo images and test layers (whiteouts, devices, links, hostile paths).
import { Header } from 'tar';

export type TarEntryType = 'file' | 'dir' | 'symlink' | 'link' | 'char' | 'block' | 'fifo';

export interface TarEntry {
  path: string;
  type: TarEntryType;
  /** Permission bits (with setuid/setgid/sticky); defaults 0o644 for files, 0o755 for directories. */
  mode?: number;
  uid?: number;
  gid?: number;
  content?: Buffer | string;
  /** Target of a symlink, or the archive path a hard link points to. */
  linkpath?: string;
  devmajor?: number;
  devminor?: number;
}

const headerTypes = {
  file: 'File',
  dir: 'Directory',
  symlink: 'SymbolicLink',
  link: 'Link',
  char: 'CharacterDevice',
  block: 'BlockDevice',
  fifo: 'FIFO',
} as const;

const block = 512;

export interface TarOptions {
  /** Written as every entry's mtime (default: the Unix epoch). */
  mtime?: Date;
  /** Keep the given order instead of sorting (tests of hostile archives need this). */
  keepOrder?: boolean;
}

const byPath = (a: TarEntry, b: TarEntry): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** Path order, with hard links last so that each comes after the file it links to. */
function sortEntries(entries: TarEntry[]): TarEntry[] {
  return [...entries.filter((e) => e.type !== 'link').sort(byPath), ...entries.filter((e) => e.type === 'link').sort(byPath)];
}

export function writeTar(entries: TarEntry[], options: TarOptions = {}): Buffer {
  const ordered = options.keepOrder ? entries : sortEntries(entries);
  const mtime = options.mtime ?? new Date(0);
  const chunks: Buffer[] = [];
  for (const entry of ordered) {
    const body = entry.type === 'file' ? Buffer.from(entry.content ?? '') : Buffer.alloc(0);
    const header = new Header({
      path: entry.type === 'dir' && !entry.path.endsWith('/') ? `${entry.path}/` : entry.path,
      type: headerTypes[entry.type],
      mode: entry.mode ?? (entry.type === 'dir' ? 0o755 : 0o644),
      uid: entry.uid ?? 0,
      gid: entry.gid ?? 0,
      uname: '',
      gname: '',
      size: body.length,
      mtime,
      ...(entry.linkpath !== undefined && { linkpath: entry.linkpath }),
      devmaj: entry.devmajor ?? 0,
      devmin: entry.devminor ?? 0,
    });
    const headerBlock = Buffer.alloc(block);
    if (header.encode(headerBlock, 0)) throw new Error(`tar entry "${entry.path}" needs a pax header (path or link too long)`);
    chunks.push(headerBlock, body, Buffer.alloc((block - (body.length % block)) % block));
  }
  chunks.push(Buffer.alloc(block * 2));
  return Buffer.concat(chunks);
}
