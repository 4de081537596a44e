// ImageLocality: prefer nodes that already hold the pod's images (node.status.images), weighted by
// image size and by how widely the image is spread (an image on every node says little).
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { CycleState, Handle, ScorePlugin } from '../../framework/interface.ts';
import { MAX_NODE_SCORE } from '../../framework/interface.ts';
import type { NodeInfo } from '../../framework/node-info.ts';

export const NAME = 'ImageLocality';
const MB = 1024 * 1024;
/** Below this, images are too small to matter (upstream 23 MB). */
const MIN_THRESHOLD = 23 * MB;
const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** "nginx" → "nginx:latest"; names with a tag or digest are kept. */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}

export function imageScore(sumScores: number, numContainers: number): number {
  const max = MAX_CONTAINER_THRESHOLD * numContainers;
  const clamped = Math.min(Math.max(sumScores, MIN_THRESHOLD), max);
  return Math.trunc((MAX_NODE_SCORE * (clamped - MIN_THRESHOLD)) / (max - MIN_THRESHOLD));
}

export class ImageLocality implements ScorePlugin {
  readonly name = NAME;

  constructor(private readonly handle: Handle) {}

  score(_state: CycleState, pod: Pod, node: NodeInfo): number {
    const snapshot = this.handle.snapshot();
    const totalNodes = snapshot.nodeInfoList.length;
    const sizes = new Map<string, number>();
    for (const img of node.node?.status?.images ?? []) for (const n of img.names ?? []) sizes.set(n, img.sizeBytes ?? 0);
    const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
    let sum = 0;
    for (const c of containers) {
      const name = normalizedImageName(c.image ?? '');
      const size = sizes.get(name);
      if (size === undefined) continue;
      sum += Math.trunc((size * (snapshot.imageNodeCounts.get(name) ?? 1)) / Math.max(totalNodes, 1));
    }
    return imageScore(sum, containers.length || 1);
  }
}

export const newImageLocality = (_args: unknown, handle: Handle): ImageLocality => new ImageLocality(handle);
