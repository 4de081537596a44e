// Fixtures for the DaemonSet tests.
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { DaemonSet } from 'kubernetes-types/apps/v1.d.ts';
import { REVISION_HASH_LABEL } from './revisions.ts';

export function node(name: string, o: { labels?: Record<string, string>; taints?: NonNullable<Node['spec']>['taints'] } = {}): Node {
  return { metadata: { name, labels: o.labels ?? {} }, spec: o.taints ? { taints: o.taints } : {} };
}

export function daemonSet(o: { nodeSelector?: Record<string, string>; maxUnavailable?: number | string; maxSurge?: number | string; image?: string } = {}): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'kube-system', uid: 'uid-ds', generation: 1 },
    spec: {
      selector: { matchLabels: { app: 'agent' } },
      template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: o.image ?? 'agent:1' }], ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}) } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { ...(o.maxUnavailable !== undefined ? { maxUnavailable: o.maxUnavailable } : {}), ...(o.maxSurge !== undefined ? { maxSurge: o.maxSurge } : {}) } },
    },
  };
}

let seq = 0;
export function daemonPod(nodeName: string, hash: string, o: { ready?: boolean; created?: number; deleting?: boolean; phase?: string; bound?: boolean } = {}): Pod {
  const name = `agent-${++seq}`;
  return {
    metadata: {
      name,
      namespace: 'kube-system',
      uid: `uid-${name}`,
      labels: { app: 'agent', [REVISION_HASH_LABEL]: hash },
      creationTimestamp: new Date(Date.UTC(2024, 0, 1, 0, 0, o.created ?? 0)).toISOString(),
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'agent', uid: 'uid-ds', controller: true }],
      ...(o.deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}),
    },
    spec: {
      containers: [],
      ...(o.bound === false ? {} : { nodeName }),
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }] } } },
    },
    status: { phase: o.phase ?? 'Running', conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True', lastTransitionTime: '2024-01-01T00:00:00Z' }] },
  };
}
