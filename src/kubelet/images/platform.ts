// Picking the node's image from a multi-platform index (OCI image-index / Docker manifest list), as
// containerd's platform matcher does for linux/amd64: exact os and architecture; an entry without a
// platform counts only when it is the sole one.
import type { Descriptor, Platform } from './oci.ts';

export const nodePlatform: Platform = { os: 'linux', architecture: 'amd64' };

export function selectManifest(manifests: Descriptor[], want: Platform = nodePlatform): Descriptor | undefined {
  const match = manifests.find((m) => m.platform?.os === want.os && m.platform.architecture === want.architecture);
  if (match) return match;
  return manifests.length === 1 && !manifests[0]!.platform ? manifests[0] : undefined;
}

export function platformString(p: Platform): string {
  return `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`;
}
