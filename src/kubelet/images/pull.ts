// Pulling an image from a registry into the store: resolve the reference to a manifest (through an
// index or manifest list to linux/amd64), fetch the config and layers the store lacks — each
// checked against its digest and size — then unpack and tag it.
import type { Credentials } from './auth.ts';
import { isIndex, manifestMediaTypes, type ImageIndex, type ImageManifest } from './oci.ts';
import { nodePlatform, platformString, selectManifest } from './platform.ts';
import { formatReference, parseReference, repositoryName } from './reference.ts';
import { RegistryError, type RegistryClient } from './registry-client.ts';
import type { ImageRecord, ImageStore } from './store.ts';

export async function pullImage(store: ImageStore, client: RegistryClient, image: string, credentials?: Credentials): Promise<ImageRecord> {
  const ref = parseReference(image);
  const name = repositoryName(ref);
  const top = await client.manifest(ref.domain, ref.path, ref.digest ?? ref.tag!, credentials);
  let manifest = top;
  const body = JSON.parse(top.body.toString('utf8')) as ImageIndex & ImageManifest;
  if (isIndex(top.mediaType, body)) {
    const chosen = selectManifest(body.manifests);
    if (!chosen) throw new RegistryError(`${formatReference(ref)}: no ${platformString(nodePlatform)} image in its index`);
    manifest = await client.manifest(ref.domain, ref.path, chosen.digest, credentials);
  }
  const parsed = JSON.parse(manifest.body.toString('utf8')) as ImageManifest;
  if (!manifestMediaTypes.includes(manifest.mediaType) && !(parsed.config && parsed.layers)) {
    throw new RegistryError(`${formatReference(ref)}: unsupported manifest type ${manifest.mediaType} (schema1 is not supported)`);
  }
  await store.writeBlob(manifest.body, manifest.digest);
  for (const blob of [parsed.config, ...parsed.layers]) {
    if (await store.hasBlob(blob.digest)) continue;
    await store.ingest(await client.blob(ref.domain, ref.path, blob.digest, credentials), blob.digest, blob.size);
  }
  return store.commit({
    manifestDigest: manifest.digest,
    tags: ref.digest === undefined ? [formatReference(ref)] : [],
    repositories: [name],
    repoDigest: top.digest,
  });
}
