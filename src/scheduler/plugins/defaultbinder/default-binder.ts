// DefaultBinder: POST pods/NAME/binding through the API server.
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { BindPlugin, CycleState, Handle } from '../../framework/interface.ts';
import { errorStatus, SUCCESS, type Status } from '../../framework/status.ts';

export const NAME = 'DefaultBinder';

export class DefaultBinder implements BindPlugin {
  readonly name = NAME;

  constructor(private readonly handle: Handle) {}

  async bind(_state: CycleState, pod: Pod, nodeName: string, signal: AbortSignal): Promise<Status> {
    try {
      await this.handle.bindPod(pod, nodeName, signal);
      return SUCCESS;
    } catch (err) {
      return errorStatus(err);
    }
  }
}

export const newDefaultBinder = (_args: unknown, handle: Handle): DefaultBinder => new DefaultBinder(handle);
