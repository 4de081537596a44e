import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { garbageCollectImages } from './gc.ts';
import { StoreImageService } from './image-service.ts';
import { importArchive } from './import.ts';
import { RegistryClient } from './registry-client.ts';
import { ImageStore } from './store.ts';
import { layer, testImage } from './testing.ts';

async function setup(t: { after: (fn: () => void) => void }) {
  const dir = mkdtempSync(join(tmpdir(), 'kites-imgsvc-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const clock = { now: 1_000 };
  const store = new ImageStore({ dataDir: dir, now: () => clock.now });
  const add = async (name: string, content: string) => {
    const file = join(dir, `${content}.tar`);
    writeFileSync(file, testImage(name, [layer({ 'data': content.repeat(1000) })], 'oci').tar);
    clock.now += 1000;
    return (await importArchive(store, file))[0]!;
  };
  return { store, clock, add, service: new StoreImageService({ store, client: new RegistryClient() }) };
}

test('StoreImageService: status, list, resolve for a container, idempotent remove', async (t) => {
  const { add, service } = await setup(t);
  const api = await add('atseashop/api:v1.3', 'a');
  const status = await service.imageStatus({ image: 'atseashop/api:v1.3' });
  assert.deepEqual(status, { id: api.id, repoTags: ['docker.io/atseashop/api:v1.3'], repoDigests: [`docker.io/atseashop/api@${api.manifestDigest}`], size: api.size });
  assert.equal(await service.imageStatus({ image: 'busybox' }), undefined);
  assert.deepEqual((await service.listImages()).map((i) => i.id), [api.id]);
  const resolved = await service.resolveForContainer({ image: 'docker.io/atseashop/api:v1.3' });
  assert.equal(resolved?.imageRef, `docker.io/atseashop/api@${api.manifestDigest}`);
  assert.deepEqual(resolved?.config.Entrypoint, ['/bin/app']);
  assert.equal(resolved?.lowerDirs.length, 1);
  await service.removeImage({ image: api.id });
  await service.removeImage({ image: api.id });
  assert.deepEqual(await service.listImages(), []);
});

test('image GC removes unused images, least recently used first, down to the low threshold', async (t) => {
  const { store, add, clock } = await setup(t);
  const oldest = await add('x/a:1', 'a');
  const inUse = await add('x/b:1', 'b');
  const middle = await add('x/c:1', 'c');
  const newest = await add('x/d:1', 'd');
  clock.now += 1000;
  await store.touch(oldest.id); // now the most recently used
  const usage = await store.diskUsage();
  const perImage = usage / 4;
  const quiet = await garbageCollectImages(store, { highThresholdBytes: usage, lowThresholdBytes: 0, inUse: new Set(), now: clock.now });
  assert.deepEqual(quiet.removed, [], 'nothing happens below the high threshold');
  const result = await garbageCollectImages(store, { highThresholdBytes: usage - 1, lowThresholdBytes: usage - perImage * 1.5, inUse: new Set([inUse.id]), now: clock.now });
  assert.deepEqual(result.removed, [middle.id, newest.id]);
  assert.ok(result.usageAfter < result.usageBefore);
  assert.deepEqual((await store.list()).map((i) => i.id).sort(), [oldest.id, inUse.id].sort());
});
