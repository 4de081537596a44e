// A container's OCI runtime spec (config.json), built from the image config and the CRI container
// config the way containerd's CRI plugin does: process args by Kubernetes' command/args rules, the
// image's env under the container's, containerd's default capabilities, masked and read-only /proc
// paths, the pod's namespaces joined by path, and the pod's resolv.conf/hosts/hostname bound in.
// https://github.com/opencontainers/runtime-spec/blob/main/config.md
import type { ContainerConfig, LinuxContainerResources, Mount } from '../types.ts';
import type { ImageProcessConfig } from './images.ts';
import type { ProcessUser } from './user.ts';

/** containerd's default capability set (oci.DefaultCapabilities / pkg/cap). */
export const DEFAULT_CAPABILITIES = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW', 'CAP_SETGID', 'CAP_SETUID',
  'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE',
];

const MASKED_PATHS = ['/proc/acpi', '/proc/asound', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list', '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware'];
const READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];
const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The sandbox's shared parts a container joins. */
export interface SandboxPaths {
  /** Network namespace file; absent to stay in the agent's (host network without a node netns). */
  netns?: string;
  ipcns: string;
  /** UTS namespace file; absent for host-network pods (they see the node's hostname). */
  utsns?: string;
  resolvConf: string;
  hosts: string;
  hostname: string;
  hostnameValue: string;
}

export interface SpecInput {
  container: ContainerConfig;
  image: ImageProcessConfig;
  user: ProcessUser;
  rootfs: string;
  sandbox: SandboxPaths;
  cgroupsPath: string;
}

/** Kubernetes' rules: command replaces the entrypoint (and drops the image's cmd); args replace cmd. */
export function processArgs(image: Pick<ImageProcessConfig, 'entrypoint' | 'cmd'>, command?: string[], args?: string[]): string[] {
  if (command?.length) return [...command, ...(args ?? [])];
  return [...image.entrypoint, ...(args?.length ? args : image.cmd)];
}

/** The image's env, then the container's overriding by name; PATH defaulted; HOSTNAME set (as containerd does). */
export function processEnv(imageEnv: string[], envs: { key: string; value: string }[], hostname: string): string[] {
  const out = new Map<string, string>();
  for (const kv of imageEnv) {
    const eq = kv.indexOf('=');
    if (eq > 0) out.set(kv.slice(0, eq), kv);
  }
  if (!out.has('PATH')) out.set('PATH', DEFAULT_PATH);
  out.set('HOSTNAME', `HOSTNAME=${hostname}`);
  for (const e of envs) out.set(e.key, `${e.key}=${e.value}`);
  return [...out.values()];
}

function bind(destination: string, source: string, readonly: boolean) {
  return { destination, type: 'bind', source, options: ['rbind', 'rprivate', readonly ? 'ro' : 'rw'] };
}

/** cpu shares/quota/period and the memory limit (runc converts shares to cpu.weight on cgroup v2). */
export function ociResources(r: LinuxContainerResources | undefined): Record<string, unknown> {
  const devices = [{ allow: false, access: 'rwm' }];
  if (!r) return { devices };
  return {
    devices,
    cpu: { shares: r.cpuShares, period: r.cpuPeriod, ...(r.cpuQuota > 0 ? { quota: r.cpuQuota } : {}) },
    ...(r.memoryLimitInBytes > 0 ? { memory: { limit: r.memoryLimitInBytes } } : {}),
  };
}

export function ociSpec(input: SpecInput): Record<string, unknown> {
  const { container: c, image, user, sandbox } = input;
  const readonlyRoot = c.linux?.securityContext?.readonlyRootfs === true;
  const args = processArgs(image, c.command, c.args);
  if (args.length === 0) throw new Error('no command specified: the container has no command and the image neither an entrypoint nor a cmd');
  const namespaces: { type: string; path?: string }[] = [{ type: 'pid' }, { type: 'mount' }, { type: 'ipc', path: sandbox.ipcns }];
  if (sandbox.netns) namespaces.push({ type: 'network', path: sandbox.netns });
  if (sandbox.utsns) namespaces.push({ type: 'uts', path: sandbox.utsns });
  return {
    ociVersion: '1.0.2',
    process: {
      terminal: false,
      user: { uid: user.uid, gid: user.gid, ...(user.additionalGids.length ? { additionalGids: user.additionalGids } : {}) },
      args,
      env: processEnv(image.env, c.envs ?? [], sandbox.hostnameValue),
      cwd: c.workingDir || image.workingDir || '/',
      capabilities: { bounding: DEFAULT_CAPABILITIES, effective: DEFAULT_CAPABILITIES, permitted: DEFAULT_CAPABILITIES },
      noNewPrivileges: false,
    },
    root: { path: input.rootfs, readonly: readonlyRoot },
    mounts: [
      { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
      { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
      { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'] },
      { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'] },
      { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
      { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
      { destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['nosuid', 'noexec', 'nodev', 'relatime', 'ro'] },
      bind('/etc/hosts', sandbox.hosts, readonlyRoot),
      bind('/etc/hostname', sandbox.hostname, readonlyRoot),
      bind('/etc/resolv.conf', sandbox.resolvConf, readonlyRoot),
      ...(c.mounts ?? []).map((m: Mount) => bind(m.containerPath, m.hostPath, m.readonly === true)),
    ],
    linux: {
      namespaces,
      cgroupsPath: input.cgroupsPath,
      resources: ociResources(c.linux?.resources),
      maskedPaths: MASKED_PATHS,
      readonlyPaths: READONLY_PATHS,
    },
  };
}
