// The node's image store (src/kubelet/images) as the runc runtime's ImageProvider: pulls from
// registries, `kites image import`ed archives, unpacked layers as overlayfs lowerdirs.
import type { ImageSpec, ImageInfo } from '../types.ts';
import type { StoreImageService } from '../../images/image-service.ts';
import type { ImageProvider, ResolvedImage } from './images.ts';

export class StoreImages implements ImageProvider {
  readonly #service: StoreImageService;

  constructor(service: StoreImageService) {
    this.#service = service;
  }

  async resolve(ref: string): Promise<ResolvedImage | undefined> {
    const image = await this.#service.resolveForContainer(spec(ref));
    if (!image) return undefined;
    const c = image.config;
    return {
      id: image.imageRef, lowerdirs: image.lowerDirs,
      config: { entrypoint: c.Entrypoint ?? [], cmd: c.Cmd ?? [], env: c.Env ?? [], workingDir: c.WorkingDir ?? '', user: c.User ?? '' },
    };
  }

  status(ref: string): Promise<ImageInfo | undefined> {
    return this.#service.imageStatus(spec(ref));
  }

  pull(ref: string): Promise<string> {
    return this.#service.pullImage(spec(ref));
  }

  list(): Promise<ImageInfo[]> {
    return this.#service.listImages();
  }

  remove(ref: string): Promise<void> {
    return this.#service.removeImage(spec(ref));
  }
}

function spec(image: string): ImageSpec {
  return { image };
}
