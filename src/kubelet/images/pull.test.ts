import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { registryAvailable, startRegistry, type TestRegistry } from '../../../test/support/registry.ts';
import { sha256Digest } from './digest.ts';
import { MediaType, type ImageManifest } from './oci.ts';
import { pullImage } from './pull.ts';
import { RegistryClient } from './registry-client.ts';
import { ImageStore } from './store.ts';
import { layer, testImage } from './testing.ts';

function tempStore(t: { after: (fn: () => void) => void }): ImageStore {
  const dir = mkdtempSync(join(tmpdir(), 'kites-pull-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return new ImageStore({ dataDir: dir });
}

describe('pulls from docker-registry (distribution) pushed to with skopeo', { skip: registryAvailable() ? false : 'docker-registry or skopeo is not installed' }, () => {
  let registry: TestRegistry;
  let scratch: string;
  before(async () => {
    registry = await startRegistry();
    scratch = mkdtempSync(join(tmpdir(), 'kites-pull-archive-'));
  });
  after(async () => {
    await registry?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  test('pull by tag and by digest: layers verified and unpacked, repo digest recorded', async (t) => {
    const archive = join(scratch, 'api.tar');
    writeFileSync(archive, testImage('atseashop/api:v1.3', [layer({ 'bin/app': 'app' }), layer({ 'srv/index.html': 'atseashop api v1.3' })], 'oci').tar);
    await registry.pushArchive(archive, 'atseashop/api:v1.3');
    const store = tempStore(t);
    const client = new RegistryClient();
    const image = await pullImage(store, client, `${registry.host}/atseashop/api:v1.3`);
    assert.deepEqual(image.repoTags, [`${registry.host}/atseashop/api:v1.3`]);
    assert.match(image.repoDigests[0]!, new RegExp(`^${registry.host}/atseashop/api@sha256:[a-f0-9]{64}$`));
    assert.equal(readFileSync(join(store.lowerDirs(image)[0]!, 'srv/index.html'), 'utf8'), 'atseashop api v1.3');
    assert.deepEqual((await store.config(image)).config?.Cmd, ['--port', '80']);
    const byDigest = await pullImage(store, client, image.repoDigests[0]!);
    assert.equal(byDigest.id, image.id);
    await assert.rejects(pullImage(store, client, `${registry.host}/atseashop/api:v9`), /not found/);
  });
});

/** A registry in a few lines of node:http: Bearer token auth, an index, optional corruption. */
async function miniRegistry(options: { corruptLayer?: boolean; basic?: boolean }) {
  const token = 'tok-123';
  const base = layer({ 'etc/os-release': 'mini' });
  const gz = gzipSync(base);
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Cmd: ['sh'] }, rootfs: { type: 'layers', diff_ids: [sha256Digest(base)] } }));
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: MediaType.dockerManifest,
    config: { mediaType: MediaType.dockerConfig, digest: sha256Digest(config), size: config.length },
    layers: [{ mediaType: MediaType.dockerLayerGzip, digest: sha256Digest(gz), size: gz.length }],
  } satisfies ImageManifest));
  const armManifest = Buffer.from('{"schemaVersion":2,"config":{},"layers":[]}');
  const index = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: MediaType.dockerManifestList,
    manifests: [
      { mediaType: MediaType.dockerManifest, digest: sha256Digest(armManifest), size: armManifest.length, platform: { os: 'linux', architecture: 'arm64' } },
      { mediaType: MediaType.dockerManifest, digest: sha256Digest(manifest), size: manifest.length, platform: { os: 'linux', architecture: 'amd64' } },
    ],
  }));
  const blobs = new Map<string, [string, Buffer]>([
    ['manifests/latest', [MediaType.dockerManifestList, index]],
    [`manifests/${sha256Digest(manifest)}`, [MediaType.dockerManifest, manifest]],
    [`blobs/${sha256Digest(config)}`, ['application/octet-stream', config]],
    [`blobs/${sha256Digest(gz)}`, ['application/octet-stream', options.corruptLayer ? gzipSync(layer({ 'etc/os-release': 'evil' })) : gz]],
  ]);
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    seen.push(`${req.method} ${url.pathname}${url.search} ${req.headers.authorization ?? ''}`);
    if (url.pathname === '/token') {
      const ok = req.headers.authorization === `Basic ${Buffer.from('alice:pw').toString('base64')}`;
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify(ok ? { token } : {}));
      return;
    }
    const wanted = options.basic ? `Basic ${Buffer.from('alice:pw').toString('base64')}` : `Bearer ${token}`;
    if (req.headers.authorization !== wanted) {
      const address = server.address() as { port: number };
      const challenge = options.basic ? 'Basic realm="mini"' : `Bearer realm="http://127.0.0.1:${address.port}/token",service="mini",scope="repository:team/app:pull"`;
      res.writeHead(401, { 'www-authenticate': challenge }).end();
      return;
    }
    const entry = blobs.get(url.pathname.replace('/v2/team/app/', ''));
    if (!entry) return void res.writeHead(404).end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
    res.writeHead(200, { 'content-type': entry[0], 'content-length': entry[1].length }).end(entry[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as { port: number }).port}`;
  return { host, seen, indexDigest: sha256Digest(index), configDigest: sha256Digest(config), close: () => new Promise<void>((r) => server.close(() => r())) };
}

test('bearer challenge with basic credentials to the token realm; manifest list → linux/amd64', async (t) => {
  const mini = await miniRegistry({});
  t.after(mini.close);
  const store = tempStore(t);
  const image = await pullImage(store, new RegistryClient(), `${mini.host}/team/app`, { username: 'alice', password: 'pw' });
  assert.equal(image.id, mini.configDigest);
  assert.deepEqual(image.repoTags, [`${mini.host}/team/app:latest`]);
  assert.deepEqual(image.repoDigests, [`${mini.host}/team/app@${mini.indexDigest}`], 'the repo digest is what the tag points to');
  assert.equal(readFileSync(join(store.lowerDirs(image)[0]!, 'etc/os-release'), 'utf8'), 'mini');
  assert.ok(mini.seen.some((s) => s.startsWith('GET /token?service=mini&scope=repository%3Ateam%2Fapp%3Apull Basic ')));
  assert.equal(mini.seen.filter((s) => s.startsWith('GET /token')).length, 1, 'the token is reused');
  await assert.rejects(pullImage(tempStore(t), new RegistryClient(), `${mini.host}/team/app`, { username: 'alice', password: 'wrong' }), /token server .* 401/);
});

test('basic challenge: credentials sent; without them a plain error', async (t) => {
  const mini = await miniRegistry({ basic: true });
  t.after(mini.close);
  const image = await pullImage(tempStore(t), new RegistryClient(), `${mini.host}/team/app:latest`, { username: 'alice', password: 'pw' });
  assert.equal(image.id, mini.configDigest);
  await assert.rejects(pullImage(tempStore(t), new RegistryClient(), `${mini.host}/team/app:latest`), /wants credentials/);
});

test('a blob that does not match its digest is refused and not stored', async (t) => {
  const mini = await miniRegistry({ corruptLayer: true });
  t.after(mini.close);
  const store = tempStore(t);
  await assert.rejects(pullImage(store, new RegistryClient(), `${mini.host}/team/app`, { username: 'alice', password: 'pw' }), /digest/);
  assert.deepEqual(await store.list(), []);
});

test('only loopback and configured registries use plain http', () => {
  const client = new RegistryClient({ insecureRegistries: ['registry.lan:5000'] });
  const cases: [string, string][] = [
    ['127.0.0.1:5000', 'http://127.0.0.1:5000'],
    ['localhost:5000', 'http://localhost:5000'],
    ['registry.lan:5000', 'http://registry.lan:5000'],
    ['quay.io', 'https://quay.io'],
    ['docker.io', 'https://registry-1.docker.io'],
  ];
  for (const [domain, want] of cases) assert.equal(client.baseUrl(domain), want, domain);
});
