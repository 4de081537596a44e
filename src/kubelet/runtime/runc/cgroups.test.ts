import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCgroupMounts } from './cgroups.ts';

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
