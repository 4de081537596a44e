// Container runtimes by name, as `kites agent --runtime NAME` picks them. A runtime joins with one
// entry here; the pod workers only ever see the ContainerRuntime interface.
import { join } from 'node:path';
import type { Clock } from '../../client/clock.ts';
import type { Logger } from '../../log/logger.ts';
import { StoreImageService } from '../images/image-service.ts';
import { RegistryClient } from '../images/registry-client.ts';
import { ImageStore } from '../images/store.ts';
import { FakeRuntime } from './fake/runtime.ts';
import { RuncRuntime } from './runc/runtime.ts';
import { StoreImages } from './runc/store-images.ts';
import type { ContainerRuntime } from './types.ts';

export interface RuntimeOptions {
  nodeName: string;
  /** The node's directory in the agent's data dir (a runtime keeps its state under it). */
  dataDir: string;
  /** The agent's data directory (the image store lives in DIR/images, shared by `kites image`). */
  agentDataDir: string;
  /** Keep the node's networking in this named network namespace (tests run nodes this way). */
  nodeNetns?: string;
  /** Let pods reach addresses outside the cluster's ranges. */
  allowEgress?: boolean;
  clock: Clock;
  logger: Logger;
  /** Pod addresses to use until the control plane assigns the node a pod CIDR. */
  fallbackPodCidr: string;
}

export type RuntimeFactory = (options: RuntimeOptions) => Promise<ContainerRuntime>;

export const runtimeFactories: Record<string, RuntimeFactory> = {
  fake: async (o) => new FakeRuntime({ clock: o.clock, fallbackPodCidr: o.fallbackPodCidr, logDir: join(o.dataDir, 'pods') }),
  runc: async (o) => RuncRuntime.start({
    dataDir: o.dataDir, clock: o.clock, logger: o.logger, nodeNetns: o.nodeNetns, allowEgress: o.allowEgress,
    images: new StoreImages(new StoreImageService({ store: new ImageStore({ dataDir: o.agentDataDir }), client: new RegistryClient() })),
  }),
};

export class UnknownRuntimeError extends Error {
  constructor(name: string) {
    super(`unknown runtime "${name}" (known: ${Object.keys(runtimeFactories).join(', ')})`);
    this.name = 'UnknownRuntimeError';
  }
}

/** Throws UnknownRuntimeError, naming the runtimes that exist, for any other name. */
export function runtimeFactory(name: string): RuntimeFactory {
  const factory = Object.hasOwn(runtimeFactories, name) ? runtimeFactories[name] : undefined;
  if (!factory) throw new UnknownRuntimeError(name);
  return factory;
}
