// Container cgroups. kites owns one cgroup per container, `kites/<id>`, carrying its limits
// (cpu shares/weight, CFS quota, memory); runc runs the container in a child `kites/<id>/ctr` that
// it creates and removes itself. The split is what makes OOM kills detectable: a foreground
// `runc run` deletes its cgroup when the container dies, but the OOM kill is counted (memory.oom_control
// on v1, memory.events on v2) in the cgroup whose limit was hit — ours, which stays until kites
// removes it. Both cgroup v1 (these machines) and v2 (unified) are handled.
import { mkdir, readFile, readdir, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LinuxContainerResources } from '../types.ts';

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

/** cgroup v2's cpu.weight for v1 cpu.shares (the conversion runc and the kubelet use). */
export function sharesToWeight(shares: number): number {
  return shares === 0 ? 100 : 1 + Math.floor(((shares - 2) * 9999) / 262142);
}

/** The files and values that carry a container's limits, per cgroup version. */
export function limitFiles(version: 1 | 2, r: LinuxContainerResources): { controller: string; file: string; value: string }[] {
  if (version === 2) {
    return [
      { controller: 'unified', file: 'cpu.weight', value: String(sharesToWeight(r.cpuShares)) },
      { controller: 'unified', file: 'cpu.max', value: `${r.cpuQuota > 0 ? r.cpuQuota : 'max'} ${r.cpuPeriod}` },
      { controller: 'unified', file: 'memory.max', value: r.memoryLimitInBytes > 0 ? String(r.memoryLimitInBytes) : 'max' },
      { controller: 'unified', file: 'memory.swap.max', value: '0' },
    ];
  }
  return [
    { controller: 'cpu', file: 'cpu.shares', value: String(r.cpuShares) },
    { controller: 'cpu', file: 'cpu.cfs_period_us', value: String(r.cpuPeriod) },
    { controller: 'cpu', file: 'cpu.cfs_quota_us', value: r.cpuQuota > 0 ? String(r.cpuQuota) : '-1' },
    { controller: 'memory', file: 'memory.limit_in_bytes', value: r.memoryLimitInBytes > 0 ? String(r.memoryLimitInBytes) : '-1' },
  ];
}

export class Cgroups {
  readonly layout: CgroupLayout;

  constructor(layout: CgroupLayout) {
    this.layout = layout;
  }

  /** The path runc gets (cgroupsPath): a child of the container's own cgroup. */
  runcPath(id: string): string {
    return `/${CGROUP_PARENT}/${id}/ctr`;
  }

  /** Creates `kites/<id>` with the container's limits. */
  async create(id: string, resources: LinuxContainerResources): Promise<void> {
    if (this.layout.version === 2) await this.#enableV2Controllers();
    for (const root of this.#limitRoots()) await mkdir(join(root, CGROUP_PARENT, id), { recursive: true });
    for (const f of limitFiles(this.layout.version, resources)) {
      const root = this.layout.roots.get(f.controller)!;
      await writeFile(join(root, CGROUP_PARENT, id, f.file), f.value).catch((err: NodeJS.ErrnoException) => {
        // memory.swap.max is absent without swap accounting; nothing to limit then.
        if (f.file !== 'memory.swap.max') throw err;
      });
    }
  }

  /** How many processes the kernel's OOM killer took in the container's cgroup (0 when it is gone). */
  async oomKills(id: string): Promise<number> {
    const file = this.layout.version === 2
      ? join(this.layout.roots.get('unified')!, CGROUP_PARENT, id, 'memory.events')
      : join(this.layout.roots.get('memory')!, CGROUP_PARENT, id, 'memory.oom_control');
    const text = await readFile(file, 'utf8').catch(() => '');
    return Number(/^oom_kill (\d+)$/m.exec(text)?.[1] ?? 0);
  }

  /** Removes the container's cgroups in every hierarchy (runc's child first, if runc left it); idempotent. */
  async remove(id: string): Promise<void> {
    for (const root of new Set(this.layout.roots.values())) {
      for (const dir of [join(root, CGROUP_PARENT, id, 'ctr'), join(root, CGROUP_PARENT, id)]) {
        await rmdir(dir).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'ENOENT') throw err;
        });
      }
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

  /** Container ids with a cgroup under `kites/` in any hierarchy (for leak checks). */
  async list(): Promise<string[]> {
    const ids = new Set<string>();
    for (const root of new Set(this.layout.roots.values())) {
      for (const d of await readdir(join(root, CGROUP_PARENT), { withFileTypes: true }).catch(() => [])) if (d.isDirectory()) ids.add(d.name);
    }
    return [...ids];
  }

  #limitRoots(): string[] {
    return this.layout.version === 2 ? [this.layout.roots.get('unified')!] : [this.layout.roots.get('cpu')!, this.layout.roots.get('memory')!];
  }

  /** v2 limits need the controllers enabled from the root down to `kites`. */
  async #enableV2Controllers(): Promise<void> {
    const root = this.layout.roots.get('unified')!;
    await mkdir(join(root, CGROUP_PARENT), { recursive: true });
    for (const dir of [root, join(root, CGROUP_PARENT)]) await writeFile(join(dir, 'cgroup.subtree_control'), '+cpu +memory').catch(() => undefined);
  }
}
