// Image garbage collection, for the runtime to call (like the kubelet's image GC manager): when the
// store uses more than `highThresholdBytes`, remove images no container uses, least recently used
// first, until usage is at most `lowThresholdBytes`. Images used within `minAgeMs` are kept
// (upstream's ImageMinimumGCAge), as are images in use.
import type { ImageStore } from './store.ts';

export interface ImageGcPolicy {
  highThresholdBytes: number;
  lowThresholdBytes: number;
  /** Image IDs of every container on the node, running or not. */
  inUse: ReadonlySet<string>;
  now: number;
  minAgeMs?: number;
}

export interface ImageGcResult {
  removed: string[];
  usageBefore: number;
  usageAfter: number;
}

export async function garbageCollectImages(store: ImageStore, policy: ImageGcPolicy): Promise<ImageGcResult> {
  const usageBefore = await store.diskUsage();
  let usage = usageBefore;
  const removed: string[] = [];
  if (usage <= policy.highThresholdBytes) return { removed, usageBefore, usageAfter: usage };
  const candidates = (await store.list())
    .filter((image) => !policy.inUse.has(image.id) && policy.now - image.lastUsed >= (policy.minAgeMs ?? 0))
    .sort((a, b) => a.lastUsed - b.lastUsed);
  for (const image of candidates) {
    if (usage <= policy.lowThresholdBytes) break;
    await store.remove(image.id);
    removed.push(image.id);
    usage = await store.diskUsage();
  }
  return { removed, usageBefore, usageAfter: usage };
}
