// The demo images of examples/images: reproducible digests, importable, and they serve their page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDemoImage, busyboxPath, demoImages } from '../../../examples/images/images.ts';
import { importArchive } from './import.ts';
import { ImageStore } from './store.ts';

const skip = existsSync(busyboxPath) ? false : 'busybox-static is not installed';

test('demo images build to identical digests every time', { skip }, () => {
  for (const image of demoImages) {
    const first = buildDemoImage(image);
    const second = buildDemoImage(image);
    assert.equal(first.manifestDigest, second.manifestDigest, image.name);
    assert.ok(first.tar.equals(second.tar), `${image.name}: identical bytes`);
  }
  const digests = new Set(demoImages.map((i) => buildDemoImage(i).manifestDigest));
  assert.equal(digests.size, 3, 'three different images');
});

test('demo image imports and serves its version, the hostname and /healthz with busybox httpd', { skip }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kites-demo-'));
  const merged = join(dir, 'merged');
  let httpd: ChildProcess | undefined;
  t.after(async () => {
    if (httpd && httpd.exitCode === null && httpd.signalCode === null) {
      const exited = new Promise((resolve) => httpd!.once('exit', resolve));
      httpd.kill('SIGKILL');
      await exited;
    }
    spawnSync('umount', [merged], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  });
  const store = new ImageStore({ dataDir: dir });
  const file = join(dir, 'api.tar');
  writeFileSync(file, buildDemoImage(demoImages[0]!).tar);
  const [image] = await importArchive(store, file);
  assert.deepEqual(image?.repoTags, ['docker.io/atseashop/api:v1.3']);
  const config = (await store.config(image!)).config!;
  assert.deepEqual(config.Cmd, ['/bin/busybox', 'httpd', '-f', '-v', '-p', '80', '-h', '/www']);
  assert.deepEqual(config.ExposedPorts, { '80/tcp': {} });
  for (const sub of ['upper', 'work']) mkdirSync(join(dir, sub));
  mkdirSync(merged);
  try {
    execFileSync('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${store.lowerDirs(image!).join(':')},upperdir=${join(dir, 'upper')},workdir=${join(dir, 'work')}`, merged], { stdio: 'pipe' });
  } catch (err) {
    t.skip(`cannot mount overlayfs here: ${(err as Error).message.split('\n')[0]}`);
    return;
  }
  // The image's own command, on 127.0.0.1 and a free port instead of :80 (chroot shares our network).
  const port = await freePort();
  httpd = spawn('chroot', [merged, '/bin/busybox', 'httpd', '-f', '-p', `127.0.0.1:${port}`, '-h', '/www'], { stdio: 'ignore' });
  const page = await retryFetch(`http://127.0.0.1:${port}/`);
  assert.match(page, /<h1>atseashop api v1\.3<\/h1>/);
  assert.match(page, new RegExp(`served by ${hostname()}`));
  assert.equal(await retryFetch(`http://127.0.0.1:${port}/healthz`), 'ok\n');
});

async function retryFetch(url: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await (await fetch(url)).text();
    } catch (err) {
      if (attempt >= 50 || (err as { cause?: { code?: string } }).cause?.code !== 'ECONNREFUSED') throw err;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
