// Plugin name → factory: how profiles find plugins. Out-of-tree plugins join by merging their own
// registry into this one (upstream's runtime.Registry).
import type { PluginFactory } from '../framework/interface.ts';
import { NAME as DefaultBinder, newDefaultBinder } from './defaultbinder/default-binder.ts';
import { NAME as DefaultPreemption, newDefaultPreemption } from './defaultpreemption/default-preemption.ts';
import { NAME as ImageLocality, newImageLocality } from './imagelocality/image-locality.ts';
import { NAME as InterPodAffinity, newInterPodAffinity } from './interpodaffinity/inter-pod-affinity.ts';
import { NAME as NodeAffinity, newNodeAffinity } from './nodeaffinity/node-affinity.ts';
import { NAME as NodeName, newNodeName } from './nodename/node-name.ts';
import { NAME as NodePorts, newNodePorts } from './nodeports/node-ports.ts';
import { NAME as BalancedAllocation, newBalancedAllocation } from './noderesources/balanced-allocation.ts';
import { NAME as Fit, newFit } from './noderesources/fit.ts';
import { NAME as NodeUnschedulable, newNodeUnschedulable } from './nodeunschedulable/node-unschedulable.ts';
import { NAME as PodTopologySpread, newPodTopologySpread } from './podtopologyspread/pod-topology-spread.ts';
import { NAME as PrioritySort, newPrioritySort } from './queuesort/priority-sort.ts';
import { NAME as TaintToleration, newTaintToleration } from './tainttoleration/taint-toleration.ts';
import { NAME as VolumeBinding, newVolumeBinding } from './volumebinding/volume-binding.ts';

export type PluginRegistry = Readonly<Record<string, PluginFactory>>;

export const inTreeRegistry: PluginRegistry = {
  [PrioritySort]: newPrioritySort,
  [NodeUnschedulable]: newNodeUnschedulable,
  [NodeName]: newNodeName,
  [TaintToleration]: newTaintToleration,
  [NodeAffinity]: newNodeAffinity,
  [NodePorts]: newNodePorts,
  [Fit]: newFit,
  [VolumeBinding]: newVolumeBinding,
  [PodTopologySpread]: newPodTopologySpread,
  [InterPodAffinity]: newInterPodAffinity,
  [DefaultPreemption]: newDefaultPreemption,
  [BalancedAllocation]: newBalancedAllocation,
  [ImageLocality]: newImageLocality,
  [DefaultBinder]: newDefaultBinder,
};
