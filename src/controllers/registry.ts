// Every controller kites runs, by name (as kube-controller-manager's --controllers names them).
// A controller joins with one import and one entry.
import type { ControllerFactory } from './types.ts';
import { nodeIpamController } from './node-ipam/node-ipam.ts';
import { podGcController } from './pod-garbage-collector/pod-gc.ts';

export const controllerFactories: Record<string, ControllerFactory> = {
  'node-ipam': nodeIpamController,
  'pod-garbage-collector': podGcController,
};
