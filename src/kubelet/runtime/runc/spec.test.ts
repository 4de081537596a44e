import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CAPABILITIES, ociResources, ociSpec, processArgs, processEnv } from './spec.ts';

const image = { entrypoint: ['/ep'], cmd: ['--cmd'], env: ['PATH=/img/bin', 'A=image', 'B=image'], workingDir: '/img', user: '' };

const argCases: { name: string; command?: string[]; args?: string[]; want: string[] }[] = [
  { name: 'neither: entrypoint + cmd', want: ['/ep', '--cmd'] },
  { name: 'args only: entrypoint + args', args: ['x'], want: ['/ep', 'x'] },
  { name: 'command only: command, image cmd dropped', command: ['/bin/sh'], want: ['/bin/sh'] },
  { name: 'command and args', command: ['/bin/sh'], args: ['-c', 'true'], want: ['/bin/sh', '-c', 'true'] },
];
for (const c of argCases) test(`args: ${c.name}`, () => assert.deepEqual(processArgs(image, c.command, c.args), c.want));

test('env: image env overridden by the container env by name; HOSTNAME set; PATH kept', () => {
  assert.deepEqual(processEnv(image.env, [{ key: 'B', value: 'pod' }, { key: 'C', value: 'x=y' }], 'web-0'), ['PATH=/img/bin', 'A=image', 'B=pod', 'HOSTNAME=web-0', 'C=x=y']);
  assert.ok(processEnv([], [], 'h').some((e) => e.startsWith('PATH=/usr/local/sbin:')));
});

test('spec: joined namespaces, pod files bound in, readonly root, volumes, capabilities, user, cwd', () => {
  const spec = ociSpec({
    container: {
      metadata: { name: 'c', attempt: 0 }, image: { image: 'busybox' }, labels: {}, annotations: {}, workingDir: '/work',
      mounts: [{ containerPath: '/data', hostPath: '/var/data', readonly: true }], linux: { securityContext: { readonlyRootfs: true } },
    },
    image, user: { uid: 33, gid: 33, additionalGids: [50] }, rootfs: '/r', cgroupsPath: '/kites/x/ctr',
    sandbox: { netns: '/s/net', ipcns: '/s/ipc', utsns: '/s/uts', resolvConf: '/s/resolv.conf', hosts: '/s/hosts', hostname: '/s/hostname', hostnameValue: 'p' },
  }) as { process: Record<string, unknown>; root: unknown; mounts: { destination: string; source: string; options: string[] }[]; linux: { namespaces: unknown[]; cgroupsPath: string } };
  assert.deepEqual(spec.linux.namespaces, [{ type: 'pid' }, { type: 'mount' }, { type: 'ipc', path: '/s/ipc' }, { type: 'network', path: '/s/net' }, { type: 'uts', path: '/s/uts' }]);
  assert.deepEqual(spec.root, { path: '/r', readonly: true });
  assert.deepEqual(spec.process.user, { uid: 33, gid: 33, additionalGids: [50] });
  assert.equal(spec.process.cwd, '/work');
  assert.deepEqual((spec.process.capabilities as { bounding: string[] }).bounding, DEFAULT_CAPABILITIES);
  const m = (d: string) => spec.mounts.find((x) => x.destination === d)!;
  assert.equal(m('/etc/resolv.conf').source, '/s/resolv.conf');
  assert.equal(m('/etc/hosts').source, '/s/hosts');
  assert.deepEqual(m('/data').options, ['rbind', 'rprivate', 'ro']);
  for (const d of ['/proc', '/sys', '/dev', '/dev/pts', '/dev/shm', '/dev/mqueue']) assert.ok(m(d), d);
  assert.equal(spec.linux.cgroupsPath, '/kites/x/ctr');
});

test('spec: no command anywhere is an error', () => {
  assert.throws(() => ociSpec({
    container: { metadata: { name: 'c', attempt: 0 }, image: { image: 'i' }, labels: {}, annotations: {} },
    image: { ...image, entrypoint: [], cmd: [] }, user: { uid: 0, gid: 0, additionalGids: [] }, rootfs: '/r', cgroupsPath: '/c',
    sandbox: { ipcns: '/i', resolvConf: '/a', hosts: '/b', hostname: '/c', hostnameValue: 'h' },
  }), /no command specified/);
});

test('resources: cpu shares/quota/period and the memory limit; none set leaves only the device rule', () => {
  assert.deepEqual(ociResources({ cpuShares: 512, cpuQuota: 50_000, cpuPeriod: 100_000, memoryLimitInBytes: 16 * 2 ** 20 }), {
    devices: [{ allow: false, access: 'rwm' }], cpu: { shares: 512, period: 100_000, quota: 50_000 }, memory: { limit: 16 * 2 ** 20 },
  });
  assert.deepEqual(ociResources({ cpuShares: 2, cpuQuota: 0, cpuPeriod: 100_000, memoryLimitInBytes: 0 }), { devices: [{ allow: false, access: 'rwm' }], cpu: { shares: 2, period: 100_000 } });
});
