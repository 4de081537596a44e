// What every controller is built from: one shared client and informer factory, a logger, a clock,
// and the cluster-wide options (durations tests shorten).
import type { ApiClient, Clock, Controller, EventRecorder, SharedInformerFactory } from '../client/index.ts';
import type { Logger } from '../log/logger.ts';

export interface ControllerOptions {
  /** Node lifecycle: a node silent this long becomes Ready=Unknown (upstream 40 s). */
  nodeMonitorGracePeriodMs: number;
  /** How long pods tolerate an unreachable/not-ready node by default (upstream 300 s). */
  defaultTolerationSeconds: number;
  /** Pod GC: terminated pods kept before the oldest are removed (upstream 12500). */
  terminatedPodGCThreshold: number;
}

export const defaultControllerOptions: ControllerOptions = {
  nodeMonitorGracePeriodMs: 40_000,
  defaultTolerationSeconds: 300,
  terminatedPodGCThreshold: 12_500,
};

export interface ControllerContext {
  client: ApiClient;
  informers: SharedInformerFactory;
  /** Events from this controller (component "kites-controller-manager"). */
  recorder: EventRecorder;
  logger: Logger;
  clock: Clock;
  options: ControllerOptions;
}

export type ControllerFactory = (ctx: ControllerContext) => Controller;
