// `kites image import`: images from tar archives of an OCI image layout (`oci-layout`, `index.json`,
// `blobs/`) or from docker-archives (`manifest.json`, as `docker save` writes; gzip-compressed too).
// Every blob is verified against its digest on the way into the store.
import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { extract } from 'tar';
import { assertDigest, fileDigest } from './digest.ts';
import { containerdNameAnnotation, isIndex, MediaType, refNameAnnotation, type Descriptor, type ImageIndex, type ImageManifest } from './oci.ts';
import { nodePlatform, platformString, selectManifest } from './platform.ts';
import { normalizeReference } from './reference.ts';
import type { ImageRecord, ImageStore } from './store.ts';
import { compressionOf } from './unpack.ts';

export class ImportError extends Error {
  constructor(file: string, why: string) {
    super(`${file}: ${why}`);
    this.name = 'ImportError';
  }
}

interface DockerArchiveEntry {
  Config: string;
  RepoTags?: string[] | null;
  Layers: string[];
}

/** Imports every image in the archive; answers their records. */
export async function importArchive(store: ImageStore, file: string): Promise<ImageRecord[]> {
  const dir = await store.tempDir('import');
  try {
    await extract({ file, cwd: dir, strict: true }).catch((err: Error) => {
      throw new ImportError(file, `not a readable tar archive (${err.message})`);
    });
    const has = (name: string): Promise<boolean> => stat(join(dir, name)).then(() => true, () => false);
    const dockerTags = (await has('manifest.json')) ? await readJson<DockerArchiveEntry[]>(dir, 'manifest.json') : [];
    if (await has('index.json')) return await importLayout(store, dir, file, dockerTags);
    if (dockerTags.length > 0) return await importDockerArchive(store, dir, dockerTags);
    throw new ImportError(file, 'neither an OCI image layout (index.json) nor a docker-archive (manifest.json)');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function readJson<T>(dir: string, path: string): Promise<T> {
  return JSON.parse(await readFile(join(dir, path), 'utf8')) as T;
}

function layoutBlob(dir: string, digest: string): string {
  return join(dir, 'blobs', 'sha256', assertDigest(digest).slice(7));
}

/** The image's name from the layout's annotations: containerd's full name, or a full ref.name. */
function layoutNames(descriptor: Descriptor): string[] {
  const full = descriptor.annotations?.[containerdNameAnnotation];
  if (full) return [normalizeReference(full)];
  const refName = descriptor.annotations?.[refNameAnnotation];
  // A tag can hold neither ':' nor '/': with one of them ref.name is a whole reference.
  return refName && /[:/]/.test(refName) ? [normalizeReference(refName)] : [];
}

async function importLayout(store: ImageStore, dir: string, file: string, dockerTags: DockerArchiveEntry[]): Promise<ImageRecord[]> {
  const index = await readJson<ImageIndex>(dir, 'index.json');
  const records: ImageRecord[] = [];
  for (const entry of index.manifests ?? []) {
    const descriptor = await resolveManifest(dir, file, entry);
    const manifestBytes = await readFile(layoutBlob(dir, descriptor.digest));
    await store.writeBlob(manifestBytes, descriptor.digest);
    const manifest = JSON.parse(manifestBytes.toString('utf8')) as ImageManifest;
    for (const blob of [manifest.config, ...manifest.layers]) await store.ingestFile(layoutBlob(dir, blob.digest), blob.digest, blob.size);
    const names = layoutNames(entry);
    const configPath = `blobs/sha256/${manifest.config.digest.slice(7)}`;
    const saved = dockerTags.filter((d) => d.Config === configPath).flatMap((d) => d.RepoTags ?? []).map(normalizeReference);
    records.push(await store.commit({ manifestDigest: descriptor.digest, tags: [...names, ...saved], repositories: names }));
  }
  return records;
}

/** Follows nested indexes down to the linux/amd64 manifest. */
async function resolveManifest(dir: string, file: string, descriptor: Descriptor): Promise<Descriptor> {
  let current = descriptor;
  for (let depth = 0; depth < 4; depth++) {
    const body = await readJson<ImageIndex & ImageManifest>(dir, `blobs/sha256/${assertDigest(current.digest).slice(7)}`);
    if (!isIndex(current.mediaType ?? body.mediaType, body)) return current;
    const next = selectManifest(body.manifests);
    if (!next) throw new ImportError(file, `no ${platformString(nodePlatform)} image in index ${current.digest}`);
    current = next;
  }
  throw new ImportError(file, 'image indexes nest too deeply');
}

async function importDockerArchive(store: ImageStore, dir: string, entries: DockerArchiveEntry[]): Promise<ImageRecord[]> {
  const records: ImageRecord[] = [];
  for (const entry of entries) {
    const config = await fileDigest(join(dir, entry.Config));
    await store.ingestFile(join(dir, entry.Config), config.digest);
    const layers: Descriptor[] = [];
    for (const path of entry.Layers) {
      const layer = await fileDigest(join(dir, path));
      await store.ingestFile(join(dir, path), layer.digest);
      layers.push({ mediaType: (await compressionOf(join(dir, path))) === 'gzip' ? MediaType.dockerLayerGzip : MediaType.dockerLayer, digest: layer.digest, size: layer.size });
    }
    // docker save keeps no registry manifest: write the schema2 manifest the image would have.
    const manifest: ImageManifest = {
      schemaVersion: 2,
      mediaType: MediaType.dockerManifest,
      config: { mediaType: MediaType.dockerConfig, digest: config.digest, size: config.size },
      layers,
    };
    const manifestDigest = await store.writeBlob(Buffer.from(JSON.stringify(manifest)));
    records.push(await store.commit({ manifestDigest, tags: (entry.RepoTags ?? []).map(normalizeReference), repositories: [] }));
  }
  return records;
}
