// The OCI image-spec and Docker schema2 shapes the image store reads and writes, and their media
// types. Only the fields kites uses are declared; unknown fields are kept as they are in blobs.

export const MediaType = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerForeignLayerGzip: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
} as const;

export const indexMediaTypes: readonly string[] = [MediaType.ociIndex, MediaType.dockerManifestList];
export const manifestMediaTypes: readonly string[] = [MediaType.ociManifest, MediaType.dockerManifest];

export interface Platform {
  architecture: string;
  os: string;
  variant?: string;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: Platform;
}

export interface ImageIndex {
  schemaVersion: 2;
  mediaType?: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

export interface ImageManifest {
  schemaVersion: 2;
  mediaType?: string;
  config: Descriptor;
  layers: Descriptor[];
  annotations?: Record<string, string>;
}

/** The runtime part of an image config (OCI image-spec config.md `config`). */
export interface ImageRuntimeConfig {
  User?: string;
  ExposedPorts?: Record<string, object>;
  Env?: string[];
  Entrypoint?: string[];
  Cmd?: string[];
  Volumes?: Record<string, object>;
  WorkingDir?: string;
  Labels?: Record<string, string>;
  StopSignal?: string;
}

export interface ImageConfig {
  created?: string;
  architecture: string;
  os: string;
  variant?: string;
  config?: ImageRuntimeConfig;
  rootfs: { type: 'layers'; diff_ids: string[] };
  history?: { created?: string; created_by?: string; empty_layer?: boolean; comment?: string }[];
}

/** The annotation an OCI layout uses for a manifest's reference (often just the tag). */
export const refNameAnnotation = 'org.opencontainers.image.ref.name';
/** containerd's annotation for the full image name in exported layouts. */
export const containerdNameAnnotation = 'io.containerd.image.name';

export function isIndex(mediaType: string | undefined, body: { manifests?: unknown }): boolean {
  return mediaType ? indexMediaTypes.includes(mediaType) : Array.isArray(body.manifests);
}

export function layerCompression(mediaType: string): 'gzip' | 'none' | 'zstd' | undefined {
  if (mediaType === MediaType.ociLayer || mediaType === MediaType.dockerLayer) return 'none';
  if (mediaType === MediaType.ociLayerGzip || mediaType === MediaType.dockerLayerGzip || mediaType === MediaType.dockerForeignLayerGzip) return 'gzip';
  if (mediaType === MediaType.ociLayerZstd) return 'zstd';
  return undefined;
}
