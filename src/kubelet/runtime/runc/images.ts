// What the runc runtime needs from images: the unpacked layers (overlayfs lowerdirs) and the image
// config. StoreImages (store-images.ts) serves the node's image store (src/kubelet/images);
// DirectoryImages serves rootfs directories prepared by hand (the runtime's own tests).
import { readFile, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import type { ImageInfo } from '../types.ts';

/** The parts of an OCI image config that shape a container's process. */
export interface ImageProcessConfig {
  entrypoint: string[];
  cmd: string[];
  /** KEY=value */
  env: string[];
  workingDir: string;
  user: string;
}

export interface ResolvedImage {
  /** The image ID (config digest), reported as imageID. */
  id: string;
  /** Unpacked layers, uppermost first (the order overlayfs's lowerdir= takes). */
  lowerdirs: string[];
  config: ImageProcessConfig;
}

export interface ImageProvider {
  /** What a container is created from; undefined when the image is not present on this node. */
  resolve(ref: string): Promise<ResolvedImage | undefined>;
  status(ref: string): Promise<ImageInfo | undefined>;
  /** Makes the image present (pull, or fail saying why); answers its ID. */
  pull(ref: string): Promise<string>;
  list(): Promise<ImageInfo[]>;
  remove(ref: string): Promise<void>;
}

/**
 * Images as directories: ROOT/<ref with "/" and ":" as "_">/rootfs, with an optional config.json in
 * ImageProcessConfig's shape. Nothing is pulled: a missing directory is a missing image.
 */
export class DirectoryImages implements ImageProvider {
  readonly #root: string;

  constructor(root: string) {
    this.#root = root;
  }

  static dirName(ref: string): string {
    return ref.replace(/[/:@]/g, '_');
  }

  async resolve(ref: string): Promise<ResolvedImage | undefined> {
    const dir = join(this.#root, DirectoryImages.dirName(ref));
    if (!(await stat(join(dir, 'rootfs')).catch(() => undefined))?.isDirectory()) return undefined;
    const raw = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8').catch(() => '{}')) as Partial<ImageProcessConfig>;
    return {
      id: imageId(DirectoryImages.dirName(ref)),
      lowerdirs: [join(dir, 'rootfs')],
      config: { entrypoint: raw.entrypoint ?? [], cmd: raw.cmd ?? [], env: raw.env ?? [], workingDir: raw.workingDir ?? '', user: raw.user ?? '' },
    };
  }

  async status(ref: string): Promise<ImageInfo | undefined> {
    const image = await this.resolve(ref);
    return image && { id: image.id, repoTags: [ref], repoDigests: [], size: 0 };
  }

  async pull(ref: string): Promise<string> {
    const image = await this.resolve(ref);
    if (!image) throw new Error(`image ${ref} is not present in ${this.#root} (this image source cannot pull)`);
    return image.id;
  }

  async list(): Promise<ImageInfo[]> {
    const names = await readdir(this.#root).catch(() => [] as string[]);
    return names.map((n) => ({ id: imageId(n), repoTags: [n], repoDigests: [], size: 0 }));
  }

  async remove(ref: string): Promise<void> {
    await rm(join(this.#root, DirectoryImages.dirName(ref)), { recursive: true, force: true });
  }
}

function imageId(dirName: string): string {
  return `sha256:${createHash('sha256').update(dirName).digest('hex')}`;
}
