// Mount plumbing: overlayfs root filesystems and namespace files (nsfs bind mounts). Everything is
// unmounted by path, and only what /proc/self/mountinfo says is mounted there.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mustRun, run } from '../../cni/command.ts';

/** Mount points (decoded) from /proc/self/mountinfo under `prefix`. */
export async function mountsUnder(prefix: string): Promise<string[]> {
  const info = await readFile('/proc/self/mountinfo', 'utf8');
  return info.split('\n').map((l) => l.split(' ')[4]).filter((p): p is string => !!p)
    .map((p) => p.replace(/\\(\d{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))))
    .filter((p) => p === prefix || p.startsWith(`${prefix}/`));
}

/** overlayfs with the image layers below and a per-container upper dir; returns the merged path. */
export async function mountOverlay(dir: string, lowerdirs: string[]): Promise<string> {
  if (lowerdirs.length === 0) throw new Error('an image needs at least one layer');
  const [upper, work, rootfs] = ['upper', 'work', 'rootfs'].map((n) => join(dir, n)) as [string, string, string];
  for (const d of [upper, work, rootfs]) await mkdir(d, { recursive: true });
  if ((await mountsUnder(rootfs)).length === 0) {
    await mustRun(['mount', '-t', 'overlay', 'overlay', '-o', `lowerdir=${lowerdirs.join(':')},upperdir=${upper},workdir=${work}`, rootfs]);
  }
  return rootfs;
}

/** Unmounts everything at or below `path`, deepest first; lazily if something still holds it. */
export async function unmountAll(path: string): Promise<void> {
  for (const m of (await mountsUnder(path)).sort((a, b) => b.length - a.length)) {
    if ((await run(['umount', m])).code !== 0) await mustRun(['umount', '-l', m]);
  }
}

export type NamespaceKind = 'net' | 'ipc' | 'uts';

/**
 * New namespaces kept alive as bind-mounted files in `dir` (no holder process needed), created by
 * util-linux unshare; the UTS namespace gets the pod's hostname.
 */
export async function createNamespaces(dir: string, kinds: NamespaceKind[], hostname: string): Promise<Record<NamespaceKind, string | undefined>> {
  await mkdir(dir, { recursive: true });
  const paths: Record<NamespaceKind, string | undefined> = { net: undefined, ipc: undefined, uts: undefined };
  for (const k of kinds) {
    paths[k] = join(dir, k);
    await writeFile(paths[k]!, '');
  }
  const argv = ['unshare', ...kinds.map((k) => `--${k}=${paths[k]}`)];
  await mustRun(kinds.includes('uts') ? [...argv, 'hostname', hostname] : [...argv, 'true']);
  return paths;
}
