import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importArchive } from './import.ts';
import { ImageStore } from './store.ts';
import { layer, testImage } from './testing.ts';

function setup(t: { after: (fn: () => void) => void }) {
  const dir = mkdtempSync(join(tmpdir(), 'kites-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  let now = 1000;
  const store = new ImageStore({ dataDir: dir, now: () => now++ });
  const save = (name: string, tar: Buffer): string => {
    const file = join(dir, name);
    writeFileSync(file, tar);
    return file;
  };
  return { dir, store, save };
}

const base = layer({ 'bin/app': 'app', 'etc/hostname': 'base' });
const top = layer({ 'srv/index.html': 'v1' });

for (const format of ['oci', 'docker', 'both'] as const) {
  test(`import a ${format} archive: tags, digests, layers and config`, async (t) => {
    const { store, save } = setup(t);
    const image = testImage('atseashop/api:v1.3', [base, top], format);
    const [record] = await importArchive(store, save('api.tar', image.tar));
    assert.ok(record);
    assert.equal(record.id, image.configDigest);
    assert.deepEqual(record.repoTags, ['docker.io/atseashop/api:v1.3']);
    assert.deepEqual(record.repoDigests, format === 'docker' ? [] : [`docker.io/atseashop/api@${image.manifestDigest}`]);
    if (format !== 'docker') assert.equal(record.manifestDigest, image.manifestDigest);
    const [topDir, baseDir] = store.lowerDirs(record);
    assert.equal(readFileSync(join(topDir!, 'srv/index.html'), 'utf8'), 'v1');
    assert.equal(readFileSync(join(baseDir!, 'bin/app'), 'utf8'), 'app');
    const config = await store.config(record);
    assert.deepEqual(config.config?.Entrypoint, ['/bin/app']);
    assert.deepEqual(config.config?.ExposedPorts, { '80/tcp': {} });
    for (const ref of ['atseashop/api:v1.3', 'docker.io/atseashop/api:v1.3', record.id, record.id.slice(7, 19)]) {
      assert.equal((await store.resolve(ref))?.id, record.id, ref);
    }
    assert.equal(await store.resolve('atseashop/api:v1.4'), undefined);
  });
}

test('layers are shared between images and removed with the last one', async (t) => {
  const { store, save } = setup(t);
  const v13 = (await importArchive(store, save('a.tar', testImage('atseashop/webfront:v1.3', [base, top]).tar)))[0]!;
  const v14 = (await importArchive(store, save('b.tar', testImage('atseashop/webfront:v1.4', [base, layer({ 'srv/index.html': 'v2' })]).tar)))[0]!;
  assert.equal(store.lowerDirs(v13)[1], store.lowerDirs(v14)[1], 'one unpacked base layer');
  await store.remove('atseashop/webfront:v1.3');
  assert.ok(existsSync(store.lowerDirs(v14)[1]!), 'base layer kept for v1.4');
  assert.equal(existsSync(store.lowerDirs(v13)[0]!), false, "v1.3's own layer removed");
  await store.remove(v14.id);
  assert.deepEqual(await store.list(), []);
  assert.deepEqual(readdirSync(join(store.root, 'blobs', 'sha256')), []);
  assert.deepEqual(readdirSync(join(store.root, 'layers')), []);
  await assert.rejects(store.remove('atseashop/webfront:v1.4'), { name: 'ImageNotFoundError' });
});

test('a tag moves to the image imported last; an untagged image keeps its ID', async (t) => {
  const { store, save } = setup(t);
  const first = (await importArchive(store, save('a.tar', testImage('x/y:latest', [base]).tar)))[0]!;
  const second = (await importArchive(store, save('b.tar', testImage('x/y:latest', [top]).tar)))[0]!;
  const images = await store.list();
  assert.deepEqual(images.find((i) => i.id === first.id)?.repoTags, []);
  assert.deepEqual(images.find((i) => i.id === second.id)?.repoTags, ['docker.io/x/y:latest']);
});

test('a corrupted blob is refused and nothing is recorded', async (t) => {
  const { store, save } = setup(t);
  const image = testImage('x/y:1', [base], 'oci');
  const tar = Buffer.from(image.tar);
  const at = tar.indexOf('etc/hostname');
  const content = tar.indexOf('base', at + 512);
  tar.write('BASE', content);
  await assert.rejects(importArchive(store, save('bad.tar', tar)), /digest/);
  assert.deepEqual(await store.list(), []);
});

test('an archive that is neither layout nor docker-archive is refused plainly', async (t) => {
  const { store, save } = setup(t);
  await assert.rejects(importArchive(store, save('x.tar', layer({ hello: 'x' }))), /neither an OCI image layout/);
});
