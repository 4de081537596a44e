// What a fake container "runs": hollow nodes run no processes, so a container's life is read from
// annotations. Servers (containers the kubelet does not mark run-to-completion) run until stopped;
// run-to-completion containers (init containers, and containers of pods whose restartPolicy is not
// Always) exit after `kites.dev/fake-run-seconds` (default 0) with `kites.dev/fake-exit-code`
// (default 0; init containers always exit 0).
import type { ContainerConfig, PodSandboxConfig } from '../types.ts';

export const FAKE_EXIT_CODE_ANNOTATION = 'kites.dev/fake-exit-code';
export const FAKE_RUN_SECONDS_ANNOTATION = 'kites.dev/fake-run-seconds';
/** Set by the kubelet on a container config whose process is expected to finish on its own. */
export const RUN_TO_COMPLETION_ANNOTATION = 'kites.dev/run-to-completion';
/** Set by the kubelet on init containers' configs. */
export const INIT_CONTAINER_ANNOTATION = 'kites.dev/init-container';

/**
 * Probe types and hooks that fail on this pod's containers, comma-separated (e.g. "readiness" or
 * "liveness,preStop"); everything else the fake runtime answers as a success.
 */
export const FAKE_PROBE_FAIL_ANNOTATION = 'kites.dev/fake-probe-fail';

/** Whether the pod's annotation makes `purpose` fail. */
export function fakeHandlerFails(sandbox: PodSandboxConfig, purpose: string): boolean {
  return (sandbox.annotations[FAKE_PROBE_FAIL_ANNOTATION] ?? '').split(',').map((s) => s.trim()).includes(purpose);
}

export interface FakeWorkload {
  /** Milliseconds until the container exits on its own; undefined runs until stopped. */
  runMs?: number;
  exitCode: number;
}

export function fakeWorkload(sandbox: PodSandboxConfig, container: ContainerConfig): FakeWorkload {
  if (container.annotations[RUN_TO_COMPLETION_ANNOTATION] !== 'true') return { exitCode: 0 };
  if (container.annotations[INIT_CONTAINER_ANNOTATION] === 'true') return { runMs: 0, exitCode: 0 };
  const seconds = Number(sandbox.annotations[FAKE_RUN_SECONDS_ANNOTATION] ?? 0);
  const exitCode = Number(sandbox.annotations[FAKE_EXIT_CODE_ANNOTATION] ?? 0);
  return {
    runMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0,
    exitCode: Number.isInteger(exitCode) && exitCode >= 0 && exitCode <= 255 ? exitCode : 1,
  };
}
