// What a plugin answers: a code and human reasons, never a throw across the plugin boundary
// (upstream's framework.Status, pkg/scheduler/framework/interface.go).

export enum Code {
  Success = 'Success',
  /** Something went wrong inside the plugin; the pod is retried with back-off. */
  Error = 'Error',
  /** Does not fit now; preemption or a cluster change may help. */
  Unschedulable = 'Unschedulable',
  /** Does not fit, and preempting pods on this node will not help. */
  UnschedulableAndUnresolvable = 'UnschedulableAndUnresolvable',
  /** Permit: hold the pod until allowed, rejected or timed out. */
  Wait = 'Wait',
  /** PreFilter/PreScore: nothing for this plugin to do; Bind: let the next binder try. */
  Skip = 'Skip',
}

export class Status {
  constructor(
    readonly code: Code,
    readonly reasons: readonly string[] = [],
    /** The plugin that answered; the framework fills it in. */
    readonly plugin?: string,
  ) {}

  isSuccess(): boolean {
    return this.code === Code.Success;
  }

  isSkip(): boolean {
    return this.code === Code.Skip;
  }

  /** Unschedulable or UnschedulableAndUnresolvable. */
  isRejected(): boolean {
    return this.code === Code.Unschedulable || this.code === Code.UnschedulableAndUnresolvable;
  }

  message(): string {
    return this.reasons.join(', ');
  }

  withPlugin(plugin: string): Status {
    return this.plugin === plugin ? this : new Status(this.code, this.reasons, plugin);
  }
}

export const SUCCESS = new Status(Code.Success);
export const SKIP = new Status(Code.Skip);

export const success = (): Status => SUCCESS;
export const unschedulable = (...reasons: string[]): Status => new Status(Code.Unschedulable, reasons);
export const unresolvable = (...reasons: string[]): Status => new Status(Code.UnschedulableAndUnresolvable, reasons);
export const errorStatus = (err: unknown): Status => new Status(Code.Error, [err instanceof Error ? err.message : String(err)]);
