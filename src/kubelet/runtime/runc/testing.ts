// Helpers for the runc runtime's root tests: a busybox image made from Debian's busybox-static, and
// a snapshot of everything a node could leave behind on the host.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, symlink, copyFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '../../cni/command.ts';
import { DirectoryImages } from './images.ts';
import { mountsUnder } from './mounts.ts';

export const BUSYBOX = '/bin/busybox';

/** An image `ref` in `root` (DirectoryImages layout): /bin/busybox and its applets, /etc/passwd and group. */
export async function makeBusyboxImage(root: string, ref: string): Promise<void> {
  const rootfs = join(root, DirectoryImages.dirName(ref), 'rootfs');
  await mkdir(join(rootfs, 'bin'), { recursive: true });
  await mkdir(join(rootfs, 'etc'), { recursive: true });
  await mkdir(join(rootfs, 'tmp'), { recursive: true, mode: 0o1777 });
  await copyFile(BUSYBOX, join(rootfs, 'bin', 'busybox'));
  const applets = execFileSync(BUSYBOX, ['--list']).toString().split('\n').filter((a) => a && a !== 'busybox');
  for (const a of applets) await symlink('busybox', join(rootfs, 'bin', a));
  await writeFile(join(rootfs, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nwww:x:33:33:www:/var/www:/bin/false\n');
  await writeFile(join(rootfs, 'etc', 'group'), 'root:x:0:\nwww:x:33:\n');
  await writeFile(join(root, DirectoryImages.dirName(ref), 'config.json'), JSON.stringify({ cmd: ['sh'], env: ['PATH=/bin', 'FROM_IMAGE=1'] }));
}

export interface HostSnapshot {
  mounts: string[];
  netns: string;
  hostLinks: string;
  cgroups: string[];
  runc: string[];
  shims: number;
}

/** What the host shows of a node using `dataDir` (and, for pod veths, its node netns). */
export async function hostSnapshot(dataDir: string, runcRoot: string): Promise<HostSnapshot> {
  const cgroups: string[] = [];
  for (const h of await readdir('/sys/fs/cgroup').catch(() => [] as string[])) {
    const dir = join('/sys/fs/cgroup', h, 'kites');
    if (existsSync(dir)) for (const d of await readdir(dir, { withFileTypes: true })) if (d.isDirectory()) cgroups.push(`${h}/${d.name}`);
  }
  const runcList = (await run(['runc', '--root', runcRoot, 'list', '-q'])).stdout.split('\n').filter(Boolean);
  let shims = 0;
  for (const pid of await readdir('/proc')) {
    if (/^\d+$/.test(pid) && (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).includes(join(dataDir, 'containers'))) shims++;
  }
  return {
    mounts: await mountsUnder(dataDir),
    // Test files running at the same time make namespaces of their own (kites-test-…, kites-proxytest-…);
    // anything else named here was left by the runtime.
    netns: (await run(['ip', 'netns', 'list'])).stdout.split('\n').filter((n) => n && !/^kites-(proxy)?test-/.test(n)).sort().join('\n'),
    hostLinks: (await run(['ip', '-o', 'link'])).stdout.replace(/\s+link\/.*$/gm, '').split('\n').map((l) => l.split(':')[1]?.trim()).sort().join(' '),
    cgroups, runc: runcList, shims,
  };
}
