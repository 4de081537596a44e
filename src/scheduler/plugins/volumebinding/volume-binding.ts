// VolumeBinding, the part kites can honour today (upstream volumebinding): a pod's
// PersistentVolumeClaims must exist and not be terminating; a bound claim's PersistentVolume must
// exist and its required node affinity must match the node. An unbound claim whose StorageClass
// binds Immediately waits for the PV controller; one with WaitForFirstConsumer is left to it
// after scheduling — until that controller exists there is no PreBind work (the seam is here).
import type { Node, PersistentVolumeClaim, Pod } from 'kubernetes-types/core/v1.d.ts';
import { ActionType, type ClusterEventWithHint } from '../../framework/events.ts';
import type { CycleState, EnqueueExtensions, FilterPlugin, Handle, PreFilterPlugin } from '../../framework/interface.ts';
import type { NodeInfo } from '../../framework/node-info.ts';
import { SKIP, SUCCESS, unresolvable, type Status } from '../../framework/status.ts';
import { matchesAnyTerm } from '../../../api/node-affinity.ts';

export const NAME = 'VolumeBinding';
const STATE_KEY = 'PreFilter' + NAME;

export const REASON_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const REASON_PV_NOT_EXIST = 'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';
export const REASON_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';

interface BoundClaims {
  /** Names of the PVs the pod's bound claims use. */
  volumes: string[];
}

export class VolumeBinding implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  readonly name = NAME;

  constructor(private readonly handle: Handle) {}

  preFilter(state: CycleState, pod: Pod): Status {
    const claims = (pod.spec?.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : []));
    if (!claims.length) return SKIP;
    const ns = pod.metadata?.namespace ?? '';
    const volumes: string[] = [];
    for (const name of claims) {
      const pvc = this.handle.listers.persistentVolumeClaim(ns, name);
      if (!pvc) return unresolvable(`persistentvolumeclaim "${name}" not found`);
      if (pvc.metadata?.deletionTimestamp) return unresolvable(`persistentvolumeclaim "${name}" is being deleted`);
      if (pvc.spec?.volumeName) volumes.push(pvc.spec.volumeName);
      else if (!this.#delayedBinding(pvc)) return unresolvable(REASON_UNBOUND_IMMEDIATE);
    }
    state.write(STATE_KEY, { volumes } satisfies BoundClaims);
    return SUCCESS;
  }

  filter(state: CycleState, _pod: Pod, node: NodeInfo): Status {
    const bound = state.read<BoundClaims>(STATE_KEY);
    if (!bound || !node.node) return SUCCESS;
    for (const name of bound.volumes) {
      const pv = this.handle.listers.persistentVolume(name);
      if (!pv) return unresolvable(REASON_PV_NOT_EXIST);
      const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms;
      if (terms && !matchesAnyTerm(terms, node.node as Node)) return unresolvable(REASON_NODE_CONFLICT);
    }
    return SUCCESS;
  }

  /** WaitForFirstConsumer: the claim is bound once the pod has a node (by the PV controller, later). */
  #delayedBinding(pvc: PersistentVolumeClaim): boolean {
    const className = pvc.spec?.storageClassName;
    if (!className) return false;
    return this.handle.listers.storageClass(className)?.volumeBindingMode === 'WaitForFirstConsumer';
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      { event: { resource: 'PersistentVolumeClaim', actionType: ActionType.Add | ActionType.Update } },
      { event: { resource: 'PersistentVolume', actionType: ActionType.Add | ActionType.Update } },
      { event: { resource: 'StorageClass', actionType: ActionType.Add | ActionType.Update } },
      { event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel } },
    ];
  }
}

export const newVolumeBinding = (_args: unknown, handle: Handle): VolumeBinding => new VolumeBinding(handle);
