import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { lstat, mkdtemp, readFile, readdir, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigMap, Pod, Secret } from 'kubernetes-types/core/v1.d.ts';
import { FakeClock } from '../../client/index.ts';
import { writePayload } from './atomic-writer.ts';
import { VolumeManager } from './manager.ts';
import { EMPTY_CONFIG_SOURCE, type ConfigSource, type TokenRequestSpec } from './source.ts';

let dir: string;
before(async () => (dir = await mkdtemp(join(tmpdir(), 'kites-volumes-'))));
after(() => rm(dir, { recursive: true, force: true }));

const file = (s: string, mode = 0o644) => ({ data: Buffer.from(s), mode });

test('atomic writes: files behind ..data, swapped in one rename, unchanged payloads not rewritten, stale names removed', async () => {
  const vol = join(dir, 'atomic');
  const now = new Date(Date.UTC(2024, 0, 2, 3, 4, 5));
  assert.equal(await writePayload(vol, new Map([['a', file('1')], ['sub/b', file('2', 0o600)]]), now), true);
  const first = await readlink(join(vol, '..data'));
  assert.match(first, /^\.\.2024_01_02_03_04_05\.[0-9a-f]{8}$/);
  assert.equal(await readlink(join(vol, 'a')), '..data/a');
  assert.equal(await readlink(join(vol, 'sub')), '..data/sub');
  assert.equal(await readFile(join(vol, 'sub/b'), 'utf8'), '2');
  assert.equal((await stat(join(vol, 'sub/b'))).mode & 0o777, 0o600);
  assert.equal(await writePayload(vol, new Map([['a', file('1')], ['sub/b', file('2', 0o600)]]), now), false);
  assert.equal(await readlink(join(vol, '..data')), first);
  assert.equal(await writePayload(vol, new Map([['a', file('changed')]]), now), true);
  assert.notEqual(await readlink(join(vol, '..data')), first);
  assert.equal(await readFile(join(vol, 'a'), 'utf8'), 'changed');
  assert.deepEqual((await readdir(vol)).filter((n) => !n.startsWith('..')), ['a']);
  assert.equal((await readdir(vol)).filter((n) => n.startsWith('..')).length, 2, '..data and one timestamped dir');
  await assert.rejects(writePayload(vol, new Map([['../escape', file('x')]]), now), /invalid path/);
});

const b64 = (s: string) => Buffer.from(s).toString('base64');

function harness() {
  const clock = new FakeClock();
  const configMaps = new Map<string, ConfigMap>([['cfg', { metadata: { name: 'cfg', namespace: 'ns' }, data: { 'app.conf': 'v1', other: 'o' }, binaryData: { bin: b64('\u0001\u0002') } }]]);
  const secrets = new Map<string, Secret>([['creds', { metadata: { name: 'creds', namespace: 'ns' }, data: { password: b64('s3cret') } }]]);
  const tokens: TokenRequestSpec[] = [];
  const source: ConfigSource = {
    configMap: async (_ns, name) => configMaps.get(name),
    secret: async (_ns, name) => secrets.get(name),
    services: async () => [],
    token: async (spec) => {
      tokens.push(spec);
      return { token: `token-${tokens.length}`, expiresAt: clock.now() + (spec.expirationSeconds * 1000) };
    },
  };
  const manager = new VolumeManager({ rootDir: join(dir, `pods-${Math.random()}`), source, clock, allocatable: { cpu: '4', memory: '8Gi' }, mountTmpfs: false });
  return { clock, configMaps, secrets, tokens, manager };
}

function pod(volumes: NonNullable<Pod['spec']>['volumes']): Pod {
  return {
    metadata: { name: 'web', namespace: 'ns', uid: 'u-1', labels: { b: '2', a: '1' } },
    spec: { serviceAccountName: 'robot', containers: [{ name: 'app', resources: { limits: { memory: '64Mi' } } }], volumes },
  };
}

test('configMap, secret, downwardAPI and projected volumes: files, modes, items and updates', async () => {
  const h = harness();
  const p = pod([
    { name: 'cfg', configMap: { name: 'cfg' } },
    { name: 'picked', configMap: { name: 'cfg', items: [{ key: 'app.conf', path: 'conf/app.conf', mode: 0o400 }], defaultMode: 0o640 } },
    { name: 'sec', secret: { secretName: 'creds', defaultMode: 0o600 } },
    { name: 'info', downwardAPI: { items: [
      { path: 'name', fieldRef: { fieldPath: 'metadata.name' } }, { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
      { path: 'mem', resourceFieldRef: { containerName: 'app', resource: 'limits.memory', divisor: '1Mi' } },
    ] } },
    { name: 'proj', projected: { defaultMode: 0o644, sources: [
      { serviceAccountToken: { path: 'token', audience: 'vault', expirationSeconds: 3600 } },
      { configMap: { name: 'cfg', items: [{ key: 'other', path: 'other' }] } },
      { secret: { name: 'creds' } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { fieldPath: 'metadata.namespace' } }] } },
    ] } },
    { name: 'scratch', emptyDir: {} },
    { name: 'host', hostPath: { path: join(dir, 'made-by-hostpath'), type: 'DirectoryOrCreate' } },
  ]);
  const paths = await h.manager.setUp(p, { podIPs: ['10.42.0.3'], hostIPs: ['10.41.0.2'] });
  const read = (vol: string, f: string) => readFile(join(paths.get(vol)!, f), 'utf8');
  const mode = async (vol: string, f: string) => (await stat(join(paths.get(vol)!, f))).mode & 0o777;
  assert.match(paths.get('cfg')!, /\/u-1\/volumes\/kubernetes\.io~configmap\/cfg$/);
  assert.equal(await read('cfg', 'app.conf'), 'v1');
  assert.deepEqual([...(await readFile(join(paths.get('cfg')!, 'bin')))], [1, 2]);
  assert.equal(await mode('cfg', 'app.conf'), 0o644);
  assert.equal(await read('picked', 'conf/app.conf'), 'v1');
  assert.equal(await mode('picked', 'conf/app.conf'), 0o400);
  assert.equal(await read('sec', 'password'), 's3cret');
  assert.equal(await mode('sec', 'password'), 0o600);
  assert.equal(await read('info', 'name'), 'web');
  assert.equal(await read('info', 'labels'), 'a="1"\nb="2"');
  assert.equal(await read('info', 'mem'), '64');
  assert.equal(await read('proj', 'token'), 'token-1');
  assert.deepEqual(h.tokens[0], { namespace: 'ns', serviceAccountName: 'robot', audiences: ['vault'], expirationSeconds: 3600, podName: 'web', podUid: 'u-1' });
  assert.equal(await read('proj', 'other'), 'o');
  assert.equal(await read('proj', 'password'), 's3cret');
  assert.equal(await read('proj', 'namespace'), 'ns');
  assert.match(paths.get('scratch')!, /kubernetes\.io~empty-dir\/scratch$/);
  assert.ok((await stat(join(dir, 'made-by-hostpath'))).isDirectory());

  // The ConfigMap changes: the next setUp swaps the files; the token is reused until 80% of its life.
  h.configMaps.set('cfg', { metadata: { name: 'cfg', namespace: 'ns' }, data: { 'app.conf': 'v2', other: 'o' } });
  await h.clock.advance(2879_000);
  await h.manager.setUp(p, { podIPs: ['10.42.0.3'], hostIPs: ['10.41.0.2'] });
  assert.equal(await read('cfg', 'app.conf'), 'v2');
  assert.ok(!(await lstat(join(paths.get('cfg')!, 'bin')).catch(() => undefined)), 'a removed key goes');
  assert.equal(h.tokens.length, 1);
  await h.clock.advance(2_000);
  await h.manager.setUp(p, { podIPs: ['10.42.0.3'], hostIPs: ['10.41.0.2'] });
  assert.equal(await read('proj', 'token'), 'token-2');

  const mounts = await h.manager.mounts(p, { name: 'app', volumeMounts: [{ name: 'cfg', mountPath: '/etc/app' }, { name: 'scratch', mountPath: '/data', subPath: 'x' }] }, paths);
  assert.deepEqual(mounts, [{ containerPath: '/etc/app', hostPath: paths.get('cfg'), readonly: true }, { containerPath: '/data', hostPath: join(paths.get('scratch')!, 'x'), readonly: false }]);
  assert.ok((await stat(join(paths.get('scratch')!, 'x'))).isDirectory());
  await h.manager.tearDown('u-1');
  assert.ok(!(await stat(h.manager.podDir('u-1')).catch(() => undefined)));
});

test('missing objects, keys and hostPaths fail with upstream messages unless optional', async () => {
  const h = harness();
  const rt = { podIPs: [], hostIPs: [] };
  const cases: [NonNullable<NonNullable<Pod['spec']>['volumes']>[number], string][] = [
    [{ name: 'v', configMap: { name: 'gone' } }, 'MountVolume.SetUp failed for volume "v" : configmap "gone" not found'],
    [{ name: 'v', secret: { secretName: 'gone' } }, 'MountVolume.SetUp failed for volume "v" : secret "gone" not found'],
    [{ name: 'v', configMap: { name: 'cfg', items: [{ key: 'nope', path: 'p' }] } }, 'MountVolume.SetUp failed for volume "v" : configmap references non-existent config key: nope'],
    [{ name: 'v', secret: { secretName: 'creds', items: [{ key: 'nope', path: 'p' }] } }, 'MountVolume.SetUp failed for volume "v" : references non-existent secret key: nope'],
    [{ name: 'v', hostPath: { path: join(dir, 'absent'), type: 'Directory' } }, `MountVolume.SetUp failed for volume "v" : hostPath type check failed: ${join(dir, 'absent')} is not a directory`],
  ];
  for (const [v, message] of cases) await assert.rejects(h.manager.setUp(pod([v]), rt), { name: 'VolumeSetupError', message });
  const paths = await h.manager.setUp(pod([{ name: 'v', configMap: { name: 'gone', optional: true } }, { name: 'w', secret: { secretName: 'creds', optional: true, items: [{ key: 'nope', path: 'p' }] } }]), rt);
  assert.deepEqual((await readdir(paths.get('v')!)).filter((n) => !n.startsWith('..')), []);
  await writeFile(join(dir, 'a-file'), 'x');
  await h.manager.setUp(pod([{ name: 'f', hostPath: { path: join(dir, 'a-file'), type: 'File' } }, { name: 'g', hostPath: { path: join(dir, 'new-file'), type: 'FileOrCreate' } }]), rt);
  assert.ok((await stat(join(dir, 'new-file'))).isFile());
});

test('emptyDir medium Memory is a tmpfs of sizeLimit when the agent may mount, unmounted on tear-down', { skip: process.getuid?.() !== 0 ? 'needs root' : false }, async () => {
  const manager = new VolumeManager({ rootDir: join(dir, 'tmpfs-pods'), source: EMPTY_CONFIG_SOURCE, clock: new FakeClock(), allocatable: {}, mountTmpfs: true });
  const p = pod([{ name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: '8Mi' } }]);
  const paths = await manager.setUp(p, { podIPs: [], hostIPs: [] });
  await manager.setUp(p, { podIPs: [], hostIPs: [] });
  const mounts = (await readFile('/proc/self/mounts', 'utf8')).split('\n').filter((l) => l.split(' ')[1] === paths.get('shm'));
  assert.equal(mounts.length, 1, 'mounted once');
  assert.match(mounts[0]!, /^tmpfs .* tmpfs .*size=8192k/);
  await manager.tearDown('u-1');
  assert.ok(!(await readFile('/proc/self/mounts', 'utf8')).includes(paths.get('shm')!));
});
