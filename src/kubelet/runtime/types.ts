// The container runtime as the kubelet sees it: a small TypeScript rendering of the CRI
// (k8s.io/cri-api runtime/v1 api.proto) — RuntimeService for sandboxes and containers, ImageService
// for images. Names and states follow the CRI so a gRPC `cri` client or the `runc` runtime slot in
// behind the same interface. Differences from the proto: times are epoch milliseconds (not
// nanoseconds), and container events arrive through a listener instead of a gRPC stream.

import type { Readable, Writable } from 'node:stream';

export interface PodSandboxMetadata {
  name: string;
  namespace: string;
  uid: string;
  attempt: number;
}

export interface PodSandboxConfig {
  metadata: PodSandboxMetadata;
  hostname?: string;
  /** The pod's labels plus the io.kubernetes.pod.* identity labels (see pods/labels.ts). */
  labels: Record<string, string>;
  /** The pod's annotations (runtimes may read their own keys, as the fake runtime does). */
  annotations: Record<string, string>;
  /** Sandbox shares the node's network namespace (spec.hostNetwork). */
  hostNetwork?: boolean;
  /** The pod's resolv.conf (CRI DNSConfig); absent means the node's own (dnsPolicy Default). */
  dnsConfig?: DNSConfig;
}

export interface DNSConfig {
  servers: string[];
  searches: string[];
  /** resolv.conf options, e.g. "ndots:5". */
  options: string[];
}

/**
 * A path from the node mounted into a container (CRI Mount); the pod workers turn volumeMounts into
 * these (hostPath is the volume's directory on the node, or a file or directory below it for a subPath).
 */
export interface Mount {
  containerPath: string;
  hostPath: string;
  readonly?: boolean;
}

/** CRI LinuxContainerResources, as far as kites sets them (upstream's kuberuntime computes them). */
export interface LinuxContainerResources {
  /** cpu.shares: requests in millicores × 1024 / 1000, at least 2. */
  cpuShares: number;
  /** CFS quota in µs per period; 0 means no limit. */
  cpuQuota: number;
  cpuPeriod: number;
  /** 0 means no limit. */
  memoryLimitInBytes: number;
}

export interface LinuxContainerSecurityContext {
  runAsUser?: number;
  runAsGroup?: number;
  readonlyRootfs?: boolean;
}

export type PodSandboxState = 'SANDBOX_READY' | 'SANDBOX_NOTREADY';

export interface PodSandboxStatus {
  id: string;
  metadata: PodSandboxMetadata;
  state: PodSandboxState;
  createdAt: number;
  /** The pod's IP; absent for host-network sandboxes. */
  network?: { ip: string; additionalIps: string[] };
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface PodSandboxFilter {
  id?: string;
  state?: PodSandboxState;
  labelSelector?: Record<string, string>;
}

export interface ContainerMetadata {
  name: string;
  /** How many times this container was created before in its sandbox (the restart count). */
  attempt: number;
}

export interface ImageSpec {
  image: string;
}

export interface ContainerConfig {
  metadata: ContainerMetadata;
  image: ImageSpec;
  command?: string[];
  args?: string[];
  workingDir?: string;
  envs?: { key: string; value: string }[];
  mounts?: Mount[];
  linux?: { resources?: LinuxContainerResources; securityContext?: LinuxContainerSecurityContext };
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export type ContainerState = 'CONTAINER_CREATED' | 'CONTAINER_RUNNING' | 'CONTAINER_EXITED' | 'CONTAINER_UNKNOWN';

export interface ContainerStatus {
  id: string;
  metadata: ContainerMetadata;
  state: ContainerState;
  createdAt: number;
  /** 0 until started. */
  startedAt: number;
  /** 0 until exited. */
  finishedAt: number;
  exitCode: number;
  image: ImageSpec;
  /** The resolved image (digest), as reported in status.containerStatuses[].imageID. */
  imageRef: string;
  /** Why it exited, e.g. Completed, Error, OOMKilled. */
  reason: string;
  message: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The container's CRI log file (CRI ContainerStatus.log_path); absent when the runtime keeps none. */
  logPath?: string;
}

export interface ContainerSummary {
  id: string;
  podSandboxId: string;
  metadata: ContainerMetadata;
  image: ImageSpec;
  imageRef: string;
  state: ContainerState;
  createdAt: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface ContainerFilter {
  id?: string;
  podSandboxId?: string;
  state?: ContainerState;
  labelSelector?: Record<string, string>;
}

export type ContainerEventType = 'CONTAINER_CREATED_EVENT' | 'CONTAINER_STARTED_EVENT' | 'CONTAINER_STOPPED_EVENT' | 'CONTAINER_DELETED_EVENT';

/** What the CRI's GetContainerEvents streams; the kubelet re-syncs the pod it names. */
export interface ContainerEvent {
  containerId: string;
  podSandboxId: string;
  type: ContainerEventType;
  createdAt: number;
  /** The sandbox's labels, which name the pod. */
  labels: Record<string, string>;
}

export interface VersionInfo {
  runtimeName: string;
  runtimeVersion: string;
  runtimeApiVersion: string;
}

/** CRI's RuntimeCondition: RuntimeReady and NetworkReady must both be true for a Ready node. */
export interface RuntimeCondition {
  type: 'RuntimeReady' | 'NetworkReady';
  status: boolean;
  reason: string;
  message: string;
}

export interface RuntimeService {
  version(): Promise<VersionInfo>;
  status(): Promise<RuntimeCondition[]>;
  /** The node's pod CIDR, once the control plane has assigned one (CRI UpdateRuntimeConfig). */
  updateRuntimeConfig(config: { podCidr: string }): Promise<void>;

  runPodSandbox(config: PodSandboxConfig): Promise<string>;
  /** Stops every container in the sandbox and releases its network; idempotent. */
  stopPodSandbox(id: string): Promise<void>;
  /** Removes a sandbox and its containers; idempotent. */
  removePodSandbox(id: string): Promise<void>;
  /** Throws RuntimeNotFoundError for an unknown sandbox. */
  podSandboxStatus(id: string): Promise<PodSandboxStatus>;
  listPodSandbox(filter?: PodSandboxFilter): Promise<PodSandboxStatus[]>;

  createContainer(podSandboxId: string, config: ContainerConfig, sandboxConfig: PodSandboxConfig): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** Stops the container, waiting up to `timeoutSeconds` before killing it; idempotent. */
  stopContainer(id: string, timeoutSeconds: number): Promise<void>;
  removeContainer(id: string): Promise<void>;
  /** Throws RuntimeNotFoundError for an unknown container. */
  containerStatus(id: string): Promise<ContainerStatus>;
  listContainers(filter?: ContainerFilter): Promise<ContainerSummary[]>;

  /** Subscribes to container lifecycle events; returns the unsubscribe. */
  onContainerEvent(listener: (event: ContainerEvent) => void): () => void;

  /**
   * Runs `cmd` in the running container `id` and waits for it (CRI ExecSync), for exec probes and
   * exec lifecycle hooks. A command still running after `timeoutSeconds` (0: no limit) is killed and
   * the call rejects with ExecTimeoutError; a command that cannot start answers exit code 126/127
   * with the reason in stderr, as a shell would. Optional while runtimes catch up: without it, exec
   * probes and hooks fail with a plain message.
   */
  execSync?(id: string, cmd: string[], timeoutSeconds: number): Promise<ExecSyncResult>;

  /**
   * A runtime whose containers cannot be reached over the network (the fake one) answers probes and
   * hooks itself; other runtimes leave this out and the prober connects to the pod for real.
   */
  readonly probeTarget?: ProbeTarget;

  /**
   * Starts `cmd` in the running container `id` with streams attached (CRI Exec, but streamed
   * in-process rather than through a URL the runtime serves): what `kubectl exec` runs. Optional:
   * without it the kubelet port answers exec requests with an error.
   */
  exec?(id: string, request: ExecRequest): Promise<ExecSession>;
}

export interface ExecRequest {
  cmd: string[];
  /** Run the command on a terminal (stdout and stderr both go to it). */
  tty: boolean;
  /** Attach stdin; otherwise the command reads end-of-file at once. */
  stdin: boolean;
}

/** A running exec: its streams, terminal size and how it ended. */
export interface ExecSession {
  /** Present when stdin was asked for; ending it closes the command's input. */
  stdin?: Writable;
  stdout: Readable;
  /** Absent with a TTY, where errors go to the terminal too. */
  stderr?: Readable;
  /** The terminal's new size (TTY only; a runtime that cannot resize ignores it). */
  resize(size: { width: number; height: number }): void;
  /** The exit code, once the command has ended and its output is drained. */
  exited: Promise<number>;
  /** Kills the command (the client went away). */
  kill(): void;
}

/** CRI ExecSyncResponse. */
export interface ExecSyncResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export class ExecTimeoutError extends Error {
  constructor(seconds: number) {
    super(`command timed out after ${seconds}s`);
    this.name = 'ExecTimeoutError';
  }
}

/** Why a handler runs: a probe of that type, or a lifecycle hook. */
export type HandlerPurpose = 'liveness' | 'readiness' | 'startup' | 'postStart' | 'preStop';

/** One probe or hook action against a container, as the prober resolved it (host, port, URL). */
export type HandlerAction =
  | { kind: 'exec'; command: string[] }
  | { kind: 'httpGet'; url: string; headers: Record<string, string> }
  | { kind: 'tcpSocket'; host: string; port: number }
  | { kind: 'grpc'; host: string; port: number; service: string };

export interface HandlerRequest {
  containerId: string;
  purpose: HandlerPurpose;
  action: HandlerAction;
  timeoutMs: number;
}

/** upstream probe.Result: Unknown is neither success nor failure (the threshold counters keep still). */
export interface HandlerOutcome {
  result: 'success' | 'failure' | 'unknown';
  /** What the failure message says (the command's output, the HTTP status, the dial error). */
  output: string;
}

/** Answers probe and hook actions; see ContainerRuntime.probeTarget. */
export interface ProbeTarget {
  run(request: HandlerRequest): Promise<HandlerOutcome>;
}

export interface ImageInfo {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  size: number;
}

export interface ImageService {
  /** Pulls (or finds) an image; answers its reference (an image ID or digest). */
  pullImage(image: ImageSpec, sandboxConfig?: PodSandboxConfig): Promise<string>;
  listImages(): Promise<ImageInfo[]>;
  /** undefined when the image is not present. */
  imageStatus(image: ImageSpec): Promise<ImageInfo | undefined>;
  removeImage(image: ImageSpec): Promise<void>;
}

/** A runtime serves both CRI services (containerd and CRI-O do, on one socket). */
export interface ContainerRuntime extends RuntimeService, ImageService {
  /** Stops timers and releases resources when the agent stops. */
  close(): Promise<void>;
}

export class RuntimeNotFoundError extends Error {
  constructor(what: 'sandbox' | 'container' | 'image', id: string) {
    super(`${what} ${id} not found`);
    this.name = 'RuntimeNotFoundError';
  }
}
