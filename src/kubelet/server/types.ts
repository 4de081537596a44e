// What the kubelet server needs from the agent's nodes, and its error type.
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { ContainerRuntime } from '../runtime/types.ts';

/** Pods bound to this agent's nodes, each with the runtime of the node it runs on. */
export interface NodePods {
  pod(namespace: string, name: string): { pod: Pod; runtime: ContainerRuntime } | undefined;
}

/** An error answered as plain text with this status code. */
export class HttpError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
    this.name = 'HttpError';
  }
}
