// Where containers' cgroups are and what they say. runc creates each container's cgroup at
// `kites/<id>` with the limits from config.json; the shim runs `runc run --keep`, so the cgroup
// survives the container's death until kites has read its OOM kill count (memory.oom_control on
// v1 — counted in the dead task's own cgroup — or memory.events on v2) and runs `runc delete`.
// Both cgroup v1 (these machines, hybrid) and v2 (unified) layouts are understood.
import { readFile, readdir, rmdir } from 'node:fs/promises';
import { join } from 'node:path';

export const CGROUP_PARENT = 'kites';

export interface CgroupLayout {
  version: 1 | 2;
  /** v1: every mounted hierarchy's directory, by controller (one entry per mount); v2: the unified root. */
  roots: Map<string, string>;
}

/** Reads /proc/self/mountinfo: a cgroup2 mount at `base` means v2, otherwise the v1 hierarchies under it. */
export function parseCgroupMounts(mountinfo: string, base = '/sys/fs/cgroup'): CgroupLayout {
  const roots = new Map<string, string>();
  let unified: string | undefined;
  for (const line of mountinfo.split('\n')) {
    const [pre, post] = line.split(' - ');
    if (!pre || !post) continue;
    const mountPoint = pre.split(' ')[4]!;
    const [fstype, , superOptions = ''] = post.split(' ');
    if (fstype === 'cgroup2' && mountPoint === base) unified = mountPoint;
    // Hybrid: runc mirrors the container's cgroup in the v2 mount too, which must be cleaned up as well.
    else if (fstype === 'cgroup2' && mountPoint.startsWith(`${base}/`)) roots.set('hybrid-unified', mountPoint);
    if (fstype === 'cgroup' && mountPoint.startsWith(`${base}/`)) {
      for (const opt of superOptions.split(',')) {
        if (!['rw', 'ro', 'relatime', 'noexec', 'nosuid', 'nodev', 'clone_children', 'xattr'].includes(opt)) roots.set(opt, mountPoint);
      }
    }
  }
  if (unified) return { version: 2, roots: new Map([['unified', unified]]) };
  return { version: 1, roots };
}

export async function detectCgroups(): Promise<CgroupLayout> {
  const layout = parseCgroupMounts(await readFile('/proc/self/mountinfo', 'utf8'));
  if (layout.version === 1 && !(layout.roots.has('memory') && layout.roots.has('cpu'))) {
    throw new Error('no usable cgroup hierarchy: neither cgroup v2 at /sys/fs/cgroup nor v1 memory and cpu controllers are mounted');
  }
  return layout;
}

export class Cgroups {
  readonly layout: CgroupLayout;

  constructor(layout: CgroupLayout) {
    this.layout = layout;
  }

  /** The container's cgroupsPath in config.json. */
  runcPath(id: string): string {
    return `/${CGROUP_PARENT}/${id}`;
  }

  /** How many processes the kernel's OOM killer took in the container's cgroup (0 when it is gone). */
  async oomKills(id: string): Promise<number> {
    const file = this.layout.version === 2
      ? join(this.layout.roots.get('unified')!, CGROUP_PARENT, id, 'memory.events')
      : join(this.layout.roots.get('memory')!, CGROUP_PARENT, id, 'memory.oom_control');
    const text = await readFile(file, 'utf8').catch(() => '');
    return Number(/^oom_kill (\d+)$/m.exec(text)?.[1] ?? 0);
  }

  /** Removes what `runc delete` may have left of the container's cgroup in any hierarchy; idempotent. */
  async remove(id: string): Promise<void> {
    for (const root of new Set(this.layout.roots.values())) {
      await rmdir(join(root, CGROUP_PARENT, id)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
    }
  }

  /** Removes the `kites` parent where it is empty (when the agent stops with no containers left). */
  async removeParentIfEmpty(): Promise<void> {
    for (const root of new Set(this.layout.roots.values())) {
      const dir = join(root, CGROUP_PARENT);
      const children = await readdir(dir, { withFileTypes: true }).catch(() => undefined);
      if (children && !children.some((d) => d.isDirectory())) await rmdir(dir).catch(() => undefined);
    }
  }
}
