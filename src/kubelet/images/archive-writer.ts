// Writes an image as a tar archive, reproducibly: an OCI image layout (`oci-layout`, `index.json`,
// `blobs/sha256/…`), a docker-archive (`manifest.json`, `repositories`, as `docker save` writes), or
// both in one tar (as Docker 25+ saves), so `kites image import`, `skopeo` and `docker load` all read it.
import { sha256Digest } from './digest.ts';
import { containerdNameAnnotation, MediaType, refNameAnnotation, type ImageConfig, type ImageIndex, type ImageManifest, type ImageRuntimeConfig } from './oci.ts';
import { parseReference } from './reference.ts';
import { writeTar, type TarEntry } from './tar-writer.ts';

export interface ImageArchiveSpec {
  /** A full reference, e.g. `docker.io/atseashop/api:v1.3`. */
  name: string;
  /** Uncompressed layer tars, bottom first. */
  layers: Buffer[];
  config: ImageRuntimeConfig;
  /** RFC 3339; fixed so the config digest is stable. */
  created: string;
  history?: string[];
  format?: 'oci' | 'docker' | 'both';
}

export interface WrittenArchive {
  tar: Buffer;
  manifestDigest: string;
  configDigest: string;
}

export function writeImageArchive(spec: ImageArchiveSpec): WrittenArchive {
  const ref = parseReference(spec.name);
  if (ref.tag === undefined) throw new Error(`image name "${spec.name}" needs a tag`);
  const config: ImageConfig = {
    created: spec.created,
    architecture: 'amd64',
    os: 'linux',
    config: spec.config,
    rootfs: { type: 'layers', diff_ids: spec.layers.map((l) => sha256Digest(l)) },
    history: (spec.history ?? spec.layers.map(() => 'kites demo image layer')).map((createdBy) => ({ created: spec.created, created_by: createdBy })),
  };
  const configBytes = Buffer.from(JSON.stringify(config));
  const configDigest = sha256Digest(configBytes);
  const manifest: ImageManifest = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config: { mediaType: MediaType.ociConfig, digest: configDigest, size: configBytes.length },
    layers: spec.layers.map((l) => ({ mediaType: MediaType.ociLayer, digest: sha256Digest(l), size: l.length })),
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  const manifestDigest = sha256Digest(manifestBytes);
  const blob = (digest: string): string => `blobs/sha256/${digest.slice(7)}`;
  const format = spec.format ?? 'both';
  const entries: TarEntry[] = [
    { path: 'blobs', type: 'dir' },
    { path: 'blobs/sha256', type: 'dir' },
    { path: blob(configDigest), type: 'file', content: configBytes },
    ...spec.layers.map((l): TarEntry => ({ path: blob(sha256Digest(l)), type: 'file', content: l })),
  ];
  if (format !== 'docker') {
    const index: ImageIndex = {
      schemaVersion: 2,
      mediaType: MediaType.ociIndex,
      manifests: [{ mediaType: MediaType.ociManifest, digest: manifestDigest, size: manifestBytes.length, annotations: { [containerdNameAnnotation]: spec.name, [refNameAnnotation]: ref.tag } }],
    };
    entries.push(
      { path: 'oci-layout', type: 'file', content: JSON.stringify({ imageLayoutVersion: '1.0.0' }) },
      { path: 'index.json', type: 'file', content: JSON.stringify(index) },
      { path: blob(manifestDigest), type: 'file', content: manifestBytes },
    );
  }
  if (format !== 'oci') {
    const repository = spec.name.slice(0, spec.name.length - ref.tag.length - 1);
    const dockerManifest = [{ Config: blob(configDigest), RepoTags: [spec.name], Layers: spec.layers.map((l) => blob(sha256Digest(l))) }];
    entries.push(
      { path: 'manifest.json', type: 'file', content: JSON.stringify(dockerManifest) },
      { path: 'repositories', type: 'file', content: JSON.stringify({ [repository]: { [ref.tag]: sha256Digest(spec.layers.at(-1) ?? Buffer.alloc(0)).slice(7) } }) },
    );
  }
  return { tar: writeTar(entries), manifestDigest, configDigest };
}
