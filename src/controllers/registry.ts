// Every controller kites runs, by name (as kube-controller-manager's --controllers names them).
// A controller joins with one import and one entry.
import type { ControllerFactory } from './types.ts';
import { newReplicaSetController } from './replicaset/controller.ts';
import { newDeploymentController } from './deployment/controller.ts';
import { newGarbageCollectorController } from './garbage-collector/controller.ts';
import { newNamespaceController } from './namespace/controller.ts';
import { newServiceAccountController } from './serviceaccount/serviceaccounts.ts';
import { nodeIpamController } from './node-ipam/node-ipam.ts';
import { podGcController } from './pod-garbage-collector/pod-gc.ts';
import { endpointsController } from './endpoints/endpoints.ts';
import { endpointSliceController } from './endpointslice/endpointslice.ts';
import { newJobController } from './job/controller.ts';
import { newTtlAfterFinishedController } from './job/ttl-after-finished.ts';
import { nodeLifecycleController } from './node-lifecycle/node-lifecycle.ts';
import { newCronJobController } from './cronjob/controller.ts';
import { daemonSetController } from './daemonset/daemonset.ts';

export const controllerFactories: Record<string, ControllerFactory> = {
  replicaset: newReplicaSetController,
  deployment: newDeploymentController,
  'garbage-collector': newGarbageCollectorController,
  namespace: newNamespaceController,
  serviceaccount: newServiceAccountController,
  'node-ipam': nodeIpamController,
  'pod-garbage-collector': podGcController,
  endpoints: endpointsController,
  endpointslice: endpointSliceController,
  job: newJobController,
  'ttl-after-finished': newTtlAfterFinishedController,
  'node-lifecycle': nodeLifecycleController,
  cronjob: newCronJobController,
  daemonset: daemonSetController,
};
