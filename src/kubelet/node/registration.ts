// Registering the node: create the Node, or — when it exists from an earlier run — take it over,
// bringing the kubelet's labels up to date (pkg/kubelet/kubelet_node_status.go registerWithAPIServer).
import type { Node } from 'kubernetes-types/core/v1.d.ts';
import { isAlreadyExists, isConflict, type ResourceClient } from '../../client/index.ts';
import { initialNode, type NodeConfig } from './status.ts';

export async function registerNode(nodes: ResourceClient<Node>, config: NodeConfig, signal?: AbortSignal): Promise<Node> {
  const desired = initialNode(config);
  try {
    return await nodes.create(desired, { signal });
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
  for (;;) {
    const existing = await nodes.get(config.name, { signal });
    const labels = { ...(existing.metadata?.labels ?? {}), ...desired.metadata!.labels };
    if (JSON.stringify(labels) === JSON.stringify(existing.metadata?.labels ?? {})) return existing;
    const next = structuredClone(existing);
    next.metadata = { ...next.metadata, labels };
    try {
      return await nodes.update(next, { signal });
    } catch (err) {
      if (!isConflict(err)) throw err;
    }
  }
}
