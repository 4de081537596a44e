// Daemon pods: built from the template pinned to one node through required node affinity on
// metadata.name (so the scheduler binds them, as upstream since 1.12), and read back per node.
import type { Affinity, Pod, PodCondition } from 'kubernetes-types/core/v1.d.ts';
import type { DaemonSet } from 'kubernetes-types/apps/v1.d.ts';
import type { OwnerReference } from 'kubernetes-types/meta/v1.d.ts';
import { isPodReady } from '../endpoints/pods.ts';
import { daemonPodTolerations } from './eligibility.ts';
import { REVISION_HASH_LABEL } from './revisions.ts';

export const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';

/** Upstream ReplaceDaemonSetPodNodeNameNodeAffinity: every required term also pins metadata.name. */
export function pinToNode(affinity: Affinity | undefined, nodeName: string): Affinity {
  const next = structuredClone(affinity ?? {}) as Affinity;
  const pin = [{ key: 'metadata.name', operator: 'In', values: [nodeName] }];
  const nodeAffinity = (next.nodeAffinity ??= {});
  const required = nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  const terms = required?.nodeSelectorTerms ?? [];
  nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = {
    nodeSelectorTerms: terms.length === 0 ? [{ matchFields: pin }] : terms.map((t) => ({ ...t, matchFields: pin })),
  };
  return next;
}

export function newDaemonPod(ds: DaemonSet, nodeName: string, hash: string, owner: OwnerReference): Pod {
  const template = structuredClone(ds.spec!.template) as NonNullable<DaemonSet['spec']>['template'];
  const spec = template.spec!;
  spec.tolerations = daemonPodTolerations(spec);
  spec.affinity = pinToNode(spec.affinity, nodeName);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${ds.metadata!.name}-`,
      namespace: ds.metadata!.namespace,
      labels: { ...template.metadata?.labels, [TEMPLATE_GENERATION_LABEL]: String(ds.metadata?.generation ?? 1), [REVISION_HASH_LABEL]: hash },
      ...(template.metadata?.annotations ? { annotations: template.metadata.annotations } : {}),
      ownerReferences: [owner],
    },
    spec,
  };
}

/** The node a daemon pod is for: where it is bound, or the node its affinity pins it to. */
export function targetNode(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const f of term.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
  }
  return undefined;
}

export const createdAt = (p: Pod) => Date.parse(p.metadata?.creationTimestamp ?? '') || 0;
export const oldestFirst = (a: Pod, b: Pod) => createdAt(a) - createdAt(b) || (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '');

/** Ready for at least minReadySeconds (upstream IsPodAvailable). */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const ready = pod.status?.conditions?.find((c: PodCondition) => c.type === 'Ready');
  const since = Date.parse(ready?.lastTransitionTime ?? '');
  return !Number.isNaN(since) && since + minReadySeconds * 1000 <= now;
}

export const isUpdated = (pod: Pod, hash: string) => pod.metadata?.labels?.[REVISION_HASH_LABEL] === hash;
