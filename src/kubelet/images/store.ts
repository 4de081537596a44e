// The node's content-addressed image store, under DATA_DIR/images:
//   blobs/sha256/<hex>   manifests, configs and layer blobs, each verified against its digest
//   layers/<diffID hex>/ each layer unpacked once (shared between images), an overlayfs lowerdir
//   index.json           images (by ID = config digest) with their tags and repo digests
// Writes are atomic (temporary name, then rename); in one process they are serialized. Another
// process (`kites image import` beside a running agent) re-reads the index before each change.
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createHash } from 'node:crypto';
import { assertDigest, digestHex, DigestError, sha256Digest } from './digest.ts';
import type { ImageConfig, ImageManifest } from './oci.ts';
import { layerCompression } from './oci.ts';
import { formatReference, parseReference, repositoryName } from './reference.ts';
import { unpackLayer } from './unpack.ts';

export interface StoredLayer {
  /** The blob's digest (compressed as it was pulled or imported). */
  digest: string;
  mediaType: string;
  size: number;
  /** sha256 of the uncompressed tar; names the unpacked directory. */
  diffId: string;
  /** Bytes of file content once unpacked. */
  unpackedSize: number;
}

export interface ImageRecord {
  /** The config digest, `sha256:…` — what `crictl images` and the CRI call the image ID. */
  id: string;
  manifestDigest: string;
  /** Normalized references, e.g. `docker.io/atseashop/api:v1.3`. */
  repoTags: string[];
  /** `repository@manifestDigest` for images that came from a registry or an OCI layout. */
  repoDigests: string[];
  /** Bottom layer first, as in the manifest. */
  layers: StoredLayer[];
  /** Bytes of the manifest, config and layer blobs. */
  size: number;
  /** When a pull, import or container last used the image (epoch ms); GC removes the oldest first. */
  lastUsed: number;
}

interface IndexFile {
  version: 1;
  images: ImageRecord[];
}

export class ImageNotFoundError extends Error {
  constructor(ref: string) {
    super(`image "${ref}" not found`);
    this.name = 'ImageNotFoundError';
  }
}

export interface ImageStoreOptions {
  /** The agent's data directory; the store lives in DIR/images. */
  dataDir: string;
  now?: () => number;
}

export interface CommitRequest {
  manifestDigest: string;
  /** References to tag the image with (normalized here). */
  tags: string[];
  /** Repositories the image is known under in a registry or layout (→ repoDigests). */
  repositories: string[];
  /** What the tag pointed to (an index for multi-platform images); the manifest's digest if absent. */
  repoDigest?: string;
}

export class ImageStore {
  readonly root: string;
  private readonly now: () => number;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: ImageStoreOptions) {
    this.root = join(options.dataDir, 'images');
    this.now = options.now ?? Date.now;
  }

  blobPath(digest: string): string {
    return join(this.root, 'blobs', 'sha256', digestHex(digest));
  }

  layerPath(diffId: string): string {
    return join(this.root, 'layers', digestHex(diffId));
  }

  /** A scratch directory on the store's filesystem (so results can be renamed into place). */
  async tempDir(prefix: string): Promise<string> {
    const dir = join(this.root, 'tmp', `${prefix}-${randomBytes(6).toString('hex')}`);
    await mkdir(dir, { recursive: true });
    return dir;
  }

  async hasBlob(digest: string): Promise<boolean> {
    return stat(this.blobPath(digest)).then(() => true, () => false);
  }

  async readBlob(digest: string): Promise<Buffer> {
    return readFile(this.blobPath(digest));
  }

  async readJsonBlob<T>(digest: string): Promise<T> {
    return JSON.parse((await this.readBlob(digest)).toString('utf8')) as T;
  }

  /** Stores bytes under their digest; with `expected`, refuses other content. */
  async writeBlob(data: Buffer, expected?: string): Promise<string> {
    const digest = sha256Digest(data);
    if (expected !== undefined && digest !== assertDigest(expected)) throw new DigestError(`blob content has digest ${digest}, expected ${expected}`);
    if (await this.hasBlob(digest)) return digest;
    const tmp = await this.tempFile();
    await writeFile(tmp, data);
    await this.placeBlob(tmp, digest);
    return digest;
  }

  /** Streams a blob in, verifying digest (and size when known) before it becomes visible. */
  async ingest(source: Readable, expected: string, expectedSize?: number): Promise<void> {
    assertDigest(expected);
    if (await this.hasBlob(expected)) {
      source.resume();
      return;
    }
    const tmp = await this.tempFile();
    const hash = createHash('sha256');
    let size = 0;
    source.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      size += chunk.length;
    });
    try {
      await pipeline(source, createWriteStream(tmp));
      const digest = `sha256:${hash.digest('hex')}`;
      if (digest !== expected) throw new DigestError(`blob content has digest ${digest}, expected ${expected}`);
      if (expectedSize !== undefined && size !== expectedSize) throw new DigestError(`blob ${expected} has ${size} bytes, expected ${expectedSize}`);
      await this.placeBlob(tmp, expected);
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async ingestFile(path: string, expected: string, expectedSize?: number): Promise<void> {
    await this.ingest(createReadStream(path), expected, expectedSize);
  }

  /**
   * Records an image whose manifest, config and layer blobs are in the store: unpacks any layer not
   * yet unpacked (checking each diffID against the config), then tags it. Answers the record.
   */
  async commit(request: CommitRequest): Promise<ImageRecord> {
    const manifest = await this.readJsonBlob<ImageManifest>(request.manifestDigest);
    const config = await this.readJsonBlob<ImageConfig>(manifest.config.digest);
    const diffIds = config.rootfs?.diff_ids ?? [];
    if (diffIds.length !== manifest.layers.length) throw new Error(`image config lists ${diffIds.length} layers, the manifest ${manifest.layers.length}`);
    const layers: StoredLayer[] = [];
    for (const [i, descriptor] of manifest.layers.entries()) {
      if (!layerCompression(descriptor.mediaType)) throw new Error(`layer ${descriptor.digest} has unsupported media type ${descriptor.mediaType}`);
      const unpackedSize = await this.unpack(descriptor.digest, assertDigest(diffIds[i]!));
      layers.push({ digest: descriptor.digest, mediaType: descriptor.mediaType, size: descriptor.size, diffId: diffIds[i]!, unpackedSize });
    }
    const manifestSize = (await stat(this.blobPath(request.manifestDigest))).size;
    const tags = request.tags.map((t) => formatReference(parseReference(t)));
    const repoDigests = request.repositories.map((r) => `${repositoryName(parseReference(r))}@${request.repoDigest ?? request.manifestDigest}`);
    return this.mutate((index) => {
      const id = manifest.config.digest;
      // A tag names one image: moving it takes it from whichever image had it.
      for (const other of index.images) other.repoTags = other.repoTags.filter((t) => !tags.includes(t));
      const existing = index.images.find((i) => i.id === id);
      const record: ImageRecord = {
        id,
        manifestDigest: request.manifestDigest,
        repoTags: unique([...(existing?.repoTags ?? []), ...tags]),
        repoDigests: unique([...(existing?.repoDigests ?? []), ...repoDigests]),
        layers,
        size: manifestSize + manifest.config.size + layers.reduce((n, l) => n + l.size, 0),
        lastUsed: this.now(),
      };
      index.images = [...index.images.filter((i) => i.id !== id), record];
      return record;
    });
  }

  async list(): Promise<ImageRecord[]> {
    return (await this.readIndex()).images;
  }

  /** Finds an image by tag (normalized), repo digest, ID, or a unique prefix (≥ 4 hex) of its ID. */
  async resolve(ref: string): Promise<ImageRecord | undefined> {
    return findImage((await this.readIndex()).images, ref);
  }

  async config(image: ImageRecord): Promise<ImageConfig> {
    return this.readJsonBlob<ImageConfig>(image.id);
  }

  /** The image's unpacked layers as overlayfs lowerdirs: topmost first, as `lowerdir=` wants them. */
  lowerDirs(image: ImageRecord): string[] {
    return image.layers.map((l) => this.layerPath(l.diffId)).reverse();
  }

  async touch(id: string): Promise<void> {
    await this.mutate((index) => {
      const image = index.images.find((i) => i.id === id);
      if (image) image.lastUsed = this.now();
    });
  }

  /**
   * Removes a reference: a tag or repo digest untags the image, an ID removes it whole. An image left
   * with no names goes, with the blobs and layers no other image uses. Throws ImageNotFoundError.
   */
  async remove(ref: string): Promise<void> {
    await this.mutate((index) => {
      const image = findImage(index.images, ref);
      if (!image) throw new ImageNotFoundError(ref);
      const name = tryNormalize(ref);
      const byName = image.repoTags.includes(name ?? '') || image.repoDigests.includes(name ?? '');
      if (byName) {
        image.repoTags = image.repoTags.filter((t) => t !== name);
        image.repoDigests = image.repoDigests.filter((d) => d !== name);
      }
      if (!byName || image.repoTags.length === 0) index.images = index.images.filter((i) => i !== image);
    });
    await this.prune();
  }

  /** Bytes of blobs and unpacked layers the store holds for its images. */
  async diskUsage(): Promise<number> {
    const images = await this.list();
    const blobs = new Map<string, number>();
    const layers = new Map<string, number>();
    for (const image of images) {
      blobs.set(image.manifestDigest, 0);
      for (const layer of image.layers) {
        blobs.set(layer.digest, layer.size);
        layers.set(layer.diffId, layer.unpackedSize);
      }
      blobs.set(image.id, image.size - image.layers.reduce((n, l) => n + l.size, 0));
    }
    return [...blobs.values(), ...layers.values()].reduce((a, b) => a + b, 0);
  }

  /** Deletes blobs, layers and scratch files no image refers to. */
  async prune(): Promise<void> {
    await this.serialized(async () => {
      const images = (await this.readIndex()).images;
      const keepBlobs = new Set(images.flatMap((i) => [i.manifestDigest, i.id, ...i.layers.map((l) => l.digest)]).map(digestHex));
      const keepLayers = new Set(images.flatMap((i) => i.layers.map((l) => digestHex(l.diffId))));
      await removeUnlisted(join(this.root, 'blobs', 'sha256'), keepBlobs);
      await removeUnlisted(join(this.root, 'layers'), keepLayers);
    });
  }

  private async unpack(blobDigest: string, diffId: string): Promise<number> {
    const target = this.layerPath(diffId);
    const marker = `${target}.json`;
    const done = await readFile(marker, 'utf8').then((text) => JSON.parse(text) as { unpackedSize: number }, () => undefined);
    if (done) return done.unpackedSize;
    const scratch = await this.tempDir('layer');
    try {
      const result = await unpackLayer(this.blobPath(blobDigest), scratch);
      if (result.diffId !== diffId) throw new DigestError(`layer ${blobDigest} unpacks to diffID ${result.diffId}, the config says ${diffId}`);
      await rm(target, { recursive: true, force: true });
      await mkdir(join(this.root, 'layers'), { recursive: true });
      await rename(scratch, target);
      await writeFile(marker, JSON.stringify({ unpackedSize: result.size, whiteouts: result.whiteouts.length, opaqueDirs: result.opaqueDirs.length }));
      return result.size;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  private async tempFile(): Promise<string> {
    await mkdir(join(this.root, 'tmp'), { recursive: true });
    return join(this.root, 'tmp', `blob-${randomBytes(6).toString('hex')}`);
  }

  private async placeBlob(tmp: string, digest: string): Promise<void> {
    await mkdir(join(this.root, 'blobs', 'sha256'), { recursive: true });
    await rename(tmp, this.blobPath(digest));
  }

  private async readIndex(): Promise<IndexFile> {
    try {
      return JSON.parse(await readFile(join(this.root, 'index.json'), 'utf8')) as IndexFile;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, images: [] };
      throw err;
    }
  }

  private async mutate<T>(change: (index: IndexFile) => T): Promise<T> {
    return this.serialized(async () => {
      const index = await this.readIndex();
      const result = change(index);
      await mkdir(this.root, { recursive: true });
      const tmp = join(this.root, `index.json.${randomBytes(4).toString('hex')}`);
      await writeFile(tmp, `${JSON.stringify(index, null, 1)}\n`);
      await rename(tmp, join(this.root, 'index.json'));
      return result;
    });
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function tryNormalize(ref: string): string | undefined {
  try {
    return formatReference(parseReference(ref));
  } catch {
    return undefined;
  }
}

function findImage(images: ImageRecord[], ref: string): ImageRecord | undefined {
  const name = tryNormalize(ref);
  const byName = name !== undefined ? images.find((i) => i.repoTags.includes(name) || i.repoDigests.includes(name)) : undefined;
  if (byName) return byName;
  const hex = ref.startsWith('sha256:') ? ref.slice(7) : ref;
  if (!/^[a-f0-9]{4,64}$/.test(hex)) return undefined;
  const matches = images.filter((i) => i.id.slice(7).startsWith(hex));
  return matches.length === 1 ? matches[0] : undefined;
}

async function removeUnlisted(dir: string, keep: Set<string>): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const base = name.endsWith('.json') ? name.slice(0, -5) : name;
    if (!keep.has(base)) await rm(join(dir, name), { recursive: true, force: true });
  }
}
