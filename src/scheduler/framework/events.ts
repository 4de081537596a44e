// Cluster events that can make a rejected pod schedulable. Each plugin registers the events that
// matter to its rejections (upstream's EventsToRegister), optionally with a hint that looks at the
// changed object and says whether this particular pod is worth retrying.
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';

export type EventResource =
  | 'Node'
  | 'Pod'
  | 'Namespace'
  | 'PersistentVolumeClaim'
  | 'PersistentVolume'
  | 'StorageClass'
  | 'PodDisruptionBudget'
  | '*';

/** Bit flags, so one registration can cover several kinds of change. */
export const ActionType = {
  Add: 1,
  Delete: 2,
  UpdateNodeAllocatable: 4,
  UpdateNodeLabel: 8,
  UpdateNodeTaint: 16,
  UpdateNodeCondition: 32,
  UpdateNodeAnnotation: 64,
  UpdatePodLabel: 128,
  /** An assigned pod's requests went down (or it finished). */
  UpdatePodScaleDown: 256,
  Update: 4 | 8 | 16 | 32 | 64 | 128 | 256,
  All: 0x1ff,
} as const;

export interface ClusterEvent {
  resource: EventResource;
  actionType: number;
  /** For logs, e.g. "NodeAdd". */
  label: string;
}

export type QueueingHint = 'Queue' | 'Skip';

/** Whether `pod`, rejected by the plugin, may fit after this change. Objects are undefined when not applicable. */
export type QueueingHintFn = (pod: Pod, oldObj: unknown, newObj: unknown) => QueueingHint;

export interface ClusterEventWithHint {
  event: { resource: EventResource; actionType: number };
  hint?: QueueingHintFn;
}

export const NODE_ADD: ClusterEvent = { resource: 'Node', actionType: ActionType.Add, label: 'NodeAdd' };
export const ASSIGNED_POD_ADD: ClusterEvent = { resource: 'Pod', actionType: ActionType.Add, label: 'AssignedPodAdd' };
export const ASSIGNED_POD_DELETE: ClusterEvent = { resource: 'Pod', actionType: ActionType.Delete, label: 'AssignedPodDelete' };
/** Pods left unschedulable too long are retried regardless of events. */
export const UNSCHEDULABLE_TIMEOUT: ClusterEvent = { resource: '*', actionType: ActionType.All, label: 'UnschedulableTimeout' };

export function matches(registered: ClusterEventWithHint['event'], ev: ClusterEvent): boolean {
  return (registered.resource === '*' || ev.resource === '*' || registered.resource === ev.resource) && (registered.actionType & ev.actionType) !== 0;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** What changed between two versions of a Node, as one event (0 flags when nothing relevant did). */
export function nodeUpdateEvent(oldNode: Node, newNode: Node): ClusterEvent {
  let flags = 0;
  if (!same(oldNode.status?.allocatable, newNode.status?.allocatable)) flags |= ActionType.UpdateNodeAllocatable;
  if (!same(oldNode.metadata?.labels, newNode.metadata?.labels)) flags |= ActionType.UpdateNodeLabel;
  if (!same(oldNode.spec?.taints, newNode.spec?.taints) || Boolean(oldNode.spec?.unschedulable) !== Boolean(newNode.spec?.unschedulable)) flags |= ActionType.UpdateNodeTaint;
  const conditions = (n: Node) => (n.status?.conditions ?? []).map((c) => `${c.type}=${c.status}`).sort();
  if (!same(conditions(oldNode), conditions(newNode))) flags |= ActionType.UpdateNodeCondition;
  if (!same(oldNode.metadata?.annotations, newNode.metadata?.annotations)) flags |= ActionType.UpdateNodeAnnotation;
  return { resource: 'Node', actionType: flags, label: 'NodeUpdate' };
}

/** What changed on an assigned pod that could free room for others. */
export function assignedPodUpdateEvent(oldPod: Pod, newPod: Pod): ClusterEvent {
  let flags = 0;
  if (!same(oldPod.metadata?.labels, newPod.metadata?.labels)) flags |= ActionType.UpdatePodLabel;
  const requests = (p: Pod) => [...(p.spec?.initContainers ?? []), ...(p.spec?.containers ?? [])].map((c) => c.resources?.requests);
  if (!same(requests(oldPod), requests(newPod))) flags |= ActionType.UpdatePodScaleDown;
  return { resource: 'Pod', actionType: flags, label: 'AssignedPodUpdate' };
}
