// The Linux side of a container's CRI config, as upstream's kuberuntime computes it
// (pkg/kubelet/kuberuntime/kuberuntime_container_linux.go): cpu.shares from the CPU request (from
// the limit when only a limit is set; 2 for none), a CFS quota from the CPU limit over a 100 ms
// period, the memory limit in bytes; and the user/group and read-only root from the security context.
import type { Container, Pod } from 'kubernetes-types/core/v1.d.ts';
// The scheduler's Quantity parser (no shared one in src/api yet).
import { milliValue, value } from '../../scheduler/framework/quantity.ts';
import type { LinuxContainerResources, LinuxContainerSecurityContext } from '../runtime/types.ts';

const MIN_SHARES = 2;
const SHARES_PER_CPU = 1024;
const QUOTA_PERIOD = 100_000;
const MIN_QUOTA = 1_000;

export function milliCPUToShares(milli: number): number {
  return milli === 0 ? MIN_SHARES : Math.max(MIN_SHARES, Math.floor((milli * SHARES_PER_CPU) / 1000));
}

export function milliCPUToQuota(milli: number, period = QUOTA_PERIOD): number {
  return milli === 0 ? 0 : Math.max(MIN_QUOTA, Math.floor((milli * period) / 1000));
}

export function linuxResources(c: Container): LinuxContainerResources {
  const req = c.resources?.requests ?? {};
  const lim = c.resources?.limits ?? {};
  const cpuRequest = req.cpu !== undefined ? milliValue(req.cpu) : 0;
  const cpuLimit = lim.cpu !== undefined ? milliValue(lim.cpu) : 0;
  return {
    cpuShares: milliCPUToShares(cpuRequest === 0 && cpuLimit !== 0 ? cpuLimit : cpuRequest),
    cpuQuota: milliCPUToQuota(cpuLimit),
    cpuPeriod: QUOTA_PERIOD,
    memoryLimitInBytes: lim.memory !== undefined ? value(lim.memory) : 0,
  };
}

/** The container's securityContext over the pod's, for the fields a runtime applies. */
export function linuxSecurityContext(pod: Pod, c: Container): LinuxContainerSecurityContext {
  const podSc = pod.spec?.securityContext ?? {};
  const sc = c.securityContext ?? {};
  const runAsUser = sc.runAsUser ?? podSc.runAsUser;
  const runAsGroup = sc.runAsGroup ?? podSc.runAsGroup;
  return {
    ...(runAsUser !== undefined ? { runAsUser } : {}),
    ...(runAsGroup !== undefined ? { runAsGroup } : {}),
    ...(sc.readOnlyRootFilesystem ? { readonlyRootfs: true } : {}),
  };
}
