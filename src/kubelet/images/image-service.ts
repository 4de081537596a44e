// The CRI ImageService over the image store, for runtimes that run real containers (runc): pulls go
// to registries, status and lists come from the store, removal deletes the whole image (the CRI's
// RemoveImage is idempotent). A runtime also gets what it needs to build a container: the image's
// lowerdirs and its config.
import type { ImageInfo, ImageService, ImageSpec, PodSandboxConfig } from '../runtime/types.ts';
import type { Credentials } from './auth.ts';
import type { ImageRuntimeConfig } from './oci.ts';
import { pullImage } from './pull.ts';
import type { RegistryClient } from './registry-client.ts';
import { ImageNotFoundError, type ImageRecord, type ImageStore } from './store.ts';

export interface StoreImageServiceOptions {
  store: ImageStore;
  client: RegistryClient;
}

/** What a runtime needs of an image to create a container from it. */
export interface ResolvedImage {
  record: ImageRecord;
  /** For ContainerStatus.imageRef: the repo digest when the image has one, else its ID. */
  imageRef: string;
  /** Unpacked layers, topmost first (overlayfs `lowerdir=` order). */
  lowerDirs: string[];
  config: ImageRuntimeConfig;
}

export function imageInfo(record: ImageRecord): ImageInfo {
  return { id: record.id, repoTags: [...record.repoTags], repoDigests: [...record.repoDigests], size: record.size };
}

export class StoreImageService implements ImageService {
  readonly store: ImageStore;
  private readonly client: RegistryClient;

  constructor(options: StoreImageServiceOptions) {
    this.store = options.store;
    this.client = options.client;
  }

  /**
   * Pulls from the image's registry and answers the image ID. `credentials` come from the pod's
   * imagePullSecrets (see auth.ts credentialsFor); the CRI carries them in PullImageRequest.auth.
   */
  async pullImage(image: ImageSpec, _sandboxConfig?: PodSandboxConfig, credentials?: Credentials): Promise<string> {
    return (await pullImage(this.store, this.client, image.image, credentials)).id;
  }

  async listImages(): Promise<ImageInfo[]> {
    return (await this.store.list()).map(imageInfo);
  }

  async imageStatus(image: ImageSpec): Promise<ImageInfo | undefined> {
    const record = await this.store.resolve(image.image);
    return record && imageInfo(record);
  }

  async removeImage(image: ImageSpec): Promise<void> {
    const record = await this.store.resolve(image.image);
    if (!record) return;
    try {
      await this.store.remove(record.id);
    } catch (err) {
      if (!(err instanceof ImageNotFoundError)) throw err;
    }
  }

  /** The image a container is created from; marks it used (for GC). undefined if not present. */
  async resolveForContainer(image: ImageSpec): Promise<ResolvedImage | undefined> {
    const record = await this.store.resolve(image.image);
    if (!record) return undefined;
    await this.store.touch(record.id);
    const config = (await this.store.config(record)).config ?? {};
    return { record, imageRef: record.repoDigests[0] ?? record.id, lowerDirs: this.store.lowerDirs(record), config };
  }
}
