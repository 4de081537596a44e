import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { cleanEntryPath, unpackLayer } from './unpack.ts';
import { writeTar, type TarEntry } from './tar-writer.ts';
import { sha256Digest } from './digest.ts';

function scratch(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'kites-unpack-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function unpack(dir: string, entries: TarEntry[], gzip = false, keepOrder = false) {
  const tar = writeTar(entries, { keepOrder });
  const file = join(dir, gzip ? 'layer.tar.gz' : 'layer.tar');
  writeFileSync(file, gzip ? gzipSync(tar) : tar);
  const dest = join(dir, 'out');
  mkdirSync(dest);
  return { dest, result: await unpackLayer(file, dest) };
}

const layer: TarEntry[] = [
  { path: 'bin', type: 'dir' },
  { path: 'bin/tool', type: 'file', mode: 0o4755, content: '#!/bin/sh\n' },
  { path: 'bin/alias', type: 'symlink', linkpath: '/bin/tool' },
  { path: 'bin/hard', type: 'link', linkpath: 'bin/tool' },
  { path: 'usr/lib/up', type: 'symlink', linkpath: '../../bin/tool' },
  { path: 'usr/lib/far', type: 'symlink', linkpath: '/../../../etc/shadow' },
  { path: 'home', type: 'dir' },
  { path: 'home/user', type: 'dir', mode: 0o700, uid: 1000, gid: 1000 },
  { path: 'home/user/notes', type: 'file', mode: 0o600, uid: 1000, gid: 1000, content: 'hello' },
  { path: 'ro', type: 'dir', mode: 0o555 },
  { path: 'etc', type: 'dir' },
  { path: 'etc/.wh.old.conf', type: 'file' },
  { path: 'var/cache/.wh..wh..opq', type: 'file' },
  { path: 'dev', type: 'dir' },
  { path: 'dev/null', type: 'char', mode: 0o666, devmajor: 1, devminor: 3 },
  { path: 'run/pipe', type: 'fifo', mode: 0o600 },
];

for (const gzip of [false, true]) {
  test(`unpackLayer (${gzip ? 'gzip' : 'uncompressed'}): files, links, modes, owners, whiteouts, devices`, async (t) => {
    const { dest, result } = await unpack(scratch(t), layer, gzip);
    assert.equal(readFileSync(join(dest, 'bin/tool'), 'utf8'), '#!/bin/sh\n');
    assert.equal(lstatSync(join(dest, 'bin/tool')).mode & 0o7777, 0o4755);
    assert.equal(readlinkSync(join(dest, 'bin/alias')), '/bin/tool');
    assert.equal(readlinkSync(join(dest, 'usr/lib/up')), '../../bin/tool', 'relative symlinks kept');
    assert.equal(readlinkSync(join(dest, 'usr/lib/far')), '/../../../etc/shadow', 'targets are content, resolved in the container');
    assert.equal(lstatSync(join(dest, 'bin/hard')).ino, lstatSync(join(dest, 'bin/tool')).ino);
    const user = lstatSync(join(dest, 'home/user'));
    assert.deepEqual([user.mode & 0o7777, user.uid, user.gid], [0o700, 1000, 1000]);
    assert.equal(lstatSync(join(dest, 'home/user/notes')).uid, 1000);
    assert.equal(lstatSync(join(dest, 'ro')).mode & 0o7777, 0o555);
    const whiteout = lstatSync(join(dest, 'etc/old.conf'));
    assert.ok(whiteout.isCharacterDevice());
    assert.equal(whiteout.rdev, 0);
    assert.equal(existsSync(join(dest, 'etc/.wh.old.conf')), false);
    assert.match(execFileSync('getfattr', ['--only-values', '-n', 'trusted.overlay.opaque', join(dest, 'var/cache')], { stdio: 'pipe' }).toString(), /^y/);
    const devNull = lstatSync(join(dest, 'dev/null'));
    assert.ok(devNull.isCharacterDevice());
    assert.equal(devNull.mode & 0o777, 0o666);
    assert.ok(lstatSync(join(dest, 'run/pipe')).isFIFO());
    assert.equal(result.diffId, sha256Digest(writeTar(layer)));
    assert.deepEqual({ ...result, diffId: undefined }, { diffId: undefined, size: 15, whiteouts: ['etc/old.conf'], opaqueDirs: ['var/cache'] });
  });
}

test('unpackLayer refuses entries that escape the layer', async (t) => {
  const hostile: [string, TarEntry[]][] = [
    ['dot-dot path', [{ path: '../escaped', type: 'file', content: 'x' }]],
    ['write through a symlink', [{ path: 'a', type: 'symlink', linkpath: '/tmp' }, { path: 'a/escaped', type: 'file', content: 'x' }]],
    ['hard link out', [{ path: 'h', type: 'link', linkpath: '../../etc/passwd' }]],
    ['hard link through a symlink', [{ path: 's', type: 'symlink', linkpath: '/etc' }, { path: 'h', type: 'link', linkpath: 's/passwd' }]],
    ['replace then write through', [{ path: 'd', type: 'dir' }, { path: 'd', type: 'symlink', linkpath: '/tmp' }, { path: 'd/x', type: 'file' }]],
    ['whiteout through a symlink', [{ path: 's', type: 'symlink', linkpath: '/tmp' }, { path: 's/.wh.victim', type: 'file' }]],
    ['device through a symlink', [{ path: 's', type: 'symlink', linkpath: '/tmp' }, { path: 's/dev', type: 'fifo' }]],
  ];
  for (const [name, entries] of hostile) {
    const dir = scratch(t);
    await assert.rejects(unpack(dir, entries, false, true), { name: 'LayerError' }, name);
    const outside = readdirSync(dir).filter((f) => f !== 'out' && f !== 'layer.tar');
    assert.deepEqual(outside, [], `${name}: nothing written beside the layer`);
  }
});

test('cleanEntryPath', () => {
  const cases: [string, string | undefined][] = [['./a/b/', 'a/b'], ['/etc/x', 'etc/x'], ['a/../b', undefined], ['./', ''], ['a//b', 'a/b']];
  for (const [input, want] of cases) assert.equal(cleanEntryPath(input), want, input);
});

test('unpacked layers work as overlayfs lowerdirs (whiteout and opaque hide lower files)', async (t) => {
  const dir = scratch(t);
  const lower = join(dir, 'lower');
  mkdirSync(lower);
  await unpackLayer(writeLayer(dir, 'l1.tar', [
    { path: 'etc/old.conf', type: 'file', content: 'old' },
    { path: 'etc/keep.conf', type: 'file', content: 'keep' },
    { path: 'var/cache/stale', type: 'file', content: 'stale' },
  ]), lower);
  const upper = join(dir, 'upper-layer');
  mkdirSync(upper);
  await unpackLayer(writeLayer(dir, 'l2.tar', [
    { path: 'etc/.wh.old.conf', type: 'file' },
    { path: 'var/cache', type: 'dir' },
    { path: 'var/cache/.wh..wh..opq', type: 'file' },
    { path: 'var/cache/fresh', type: 'file', content: 'fresh' },
  ]), upper);
  const merged = join(dir, 'merged');
  mkdirSync(merged);
  try {
    execFileSync('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${upper}:${lower}`, merged], { stdio: 'pipe' });
  } catch (err) {
    t.skip(`cannot mount overlayfs here: ${(err as Error).message.split('\n')[0]}`);
    return;
  }
  try {
    assert.deepEqual(readdirSync(join(merged, 'etc')), ['keep.conf']);
    assert.deepEqual(readdirSync(join(merged, 'var/cache')), ['fresh']);
  } finally {
    execFileSync('umount', [merged]);
  }
});

function writeLayer(dir: string, name: string, entries: TarEntry[]): string {
  const file = join(dir, name);
  writeFileSync(file, writeTar(entries));
  return file;
}
