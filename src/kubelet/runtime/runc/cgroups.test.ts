import { test } from 'node:test';
import assert from 'node:assert/strict';
import { limitFiles, parseCgroupMounts, sharesToWeight } from './cgroups.ts';

const hybrid = `31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct
35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw`;
const unified = '30 23 0:27 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot';

test('v1 (hybrid) layout: hierarchies by controller, co-mounted ones share a directory', () => {
  const l = parseCgroupMounts(hybrid);
  assert.equal(l.version, 1);
  assert.equal(l.roots.get('cpu'), '/sys/fs/cgroup/cpu,cpuacct');
  assert.equal(l.roots.get('cpuacct'), '/sys/fs/cgroup/cpu,cpuacct');
  assert.equal(l.roots.get('memory'), '/sys/fs/cgroup/memory');
  assert.equal(l.roots.get('name=systemd'), '/sys/fs/cgroup/systemd');
  assert.equal(l.roots.get('hybrid-unified'), '/sys/fs/cgroup/unified');
});

test('v2 layout: the unified root', () => {
  assert.deepEqual(parseCgroupMounts(unified), { version: 2, roots: new Map([['unified', '/sys/fs/cgroup']]) });
});

test('limits: v1 files, v2 files with shares converted to weight; no limit is -1 / max', () => {
  const r = { cpuShares: 512, cpuQuota: 50_000, cpuPeriod: 100_000, memoryLimitInBytes: 16 * 2 ** 20 };
  assert.deepEqual(limitFiles(1, r).map((f) => `${f.file}=${f.value}`), ['cpu.shares=512', 'cpu.cfs_period_us=100000', 'cpu.cfs_quota_us=50000', 'memory.limit_in_bytes=16777216']);
  assert.deepEqual(limitFiles(2, { ...r, cpuQuota: 0, memoryLimitInBytes: 0 }).map((f) => `${f.file}=${f.value}`), ['cpu.weight=20', 'cpu.max=max 100000', 'memory.max=max', 'memory.swap.max=0']);
  assert.equal(sharesToWeight(2), 1);
  assert.equal(sharesToWeight(1024), 39);
  assert.equal(sharesToWeight(262144), 10000);
});
