// A pod's volumes on the node, each in the pod's directory as upstream's kubelet lays them out
// (ROOT/<pod uid>/volumes/kubernetes.io~<plugin>/<name>): emptyDir (a directory, or a tmpfs for
// `medium: Memory` when the agent may mount — sizeLimit becomes the tmpfs size), configMap, secret,
// downwardAPI and projected (written atomically and rewritten on every sync, so changes to the
// ConfigMap or Secret reach running containers), hostPath (the node's path, type-checked). The
// container mounts follow the pod's volumeMounts, read-only for the API-data volumes as upstream.
import type { Container, Pod, ServiceAccountTokenProjection, Volume } from 'kubernetes-types/core/v1.d.ts';
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Clock } from '../../client/index.ts';
import type { RuntimeFields } from '../pods/field-ref.ts';
import type { Mount } from '../runtime/types.ts';
import { value } from '../../scheduler/framework/quantity.ts';
import { writePayload } from './atomic-writer.ts';
import { setUpHostPath } from './host-path.ts';
import { VolumeSetupError, volumePayload } from './payloads.ts';
import type { ConfigSource, IssuedToken } from './source.ts';

const run = promisify(execFile);

/** upstream's token manager refreshes at 80% of a token's life (or after 24 h). */
const REFRESH_FRACTION = 0.8;
const MAX_TOKEN_AGE_MS = 24 * 3600_000;

export interface VolumeManagerOptions {
  /** Where pod directories go (the node's data dir + /pods); without one, pods with volumes cannot start. */
  rootDir?: string;
  source: ConfigSource;
  clock: Clock;
  /** The node's allocatable, for resourceFieldRef defaults. */
  allocatable: Record<string, string>;
  /** Mount tmpfs for emptyDir medium Memory (needs root); otherwise such volumes are plain directories. */
  mountTmpfs: boolean;
}

export class VolumeManager {
  readonly #o: VolumeManagerOptions;
  readonly #tokens = new Map<string, IssuedToken & { issuedAt: number }>();

  constructor(options: VolumeManagerOptions) {
    this.#o = options;
  }

  podDir(uid: string): string {
    if (this.#o.rootDir === undefined) throw new VolumeSetupError('the node agent has no directory for pod volumes');
    return join(this.#o.rootDir, uid);
  }

  volumeDir(uid: string, v: Volume): string {
    return join(this.podDir(uid), 'volumes', `kubernetes.io~${pluginName(v)}`, v.name);
  }

  /**
   * Makes every volume of the pod present and current; answers each volume's path on the node.
   * Throws VolumeSetupError with upstream's `MountVolume.SetUp failed for volume "NAME" : …` message.
   */
  async setUp(pod: Pod, rt: RuntimeFields): Promise<Map<string, string>> {
    const uid = pod.metadata?.uid ?? '';
    const paths = new Map<string, string>();
    for (const v of pod.spec?.volumes ?? []) {
      try {
        paths.set(v.name, await this.#setUpVolume(pod, v, rt));
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        throw new VolumeSetupError(`MountVolume.SetUp failed for volume "${v.name}" : ${message}`);
      }
    }
    for (const key of this.#tokens.keys()) if (key.startsWith(`${uid}/`) && !paths.has(key.split('/')[1]!)) this.#tokens.delete(key);
    return paths;
  }

  /** The runtime mounts for a container's volumeMounts (subPaths are created in writable volumes). */
  async mounts(pod: Pod, container: Container, paths: Map<string, string>): Promise<Mount[]> {
    const out: Mount[] = [];
    for (const m of container.volumeMounts ?? []) {
      const v = (pod.spec?.volumes ?? []).find((x) => x.name === m.name);
      const base = paths.get(m.name);
      if (!v || base === undefined) throw new VolumeSetupError(`cannot find volume "${m.name}" to mount into container "${container.name}"`);
      const apiData = Boolean(v.configMap || v.secret || v.downwardAPI || v.projected);
      const hostPath = m.subPath ? join(base, m.subPath) : base;
      if (m.subPath && !apiData) await mkdir(hostPath, { recursive: true });
      out.push({ containerPath: m.mountPath, hostPath, readonly: m.readOnly === true || apiData });
    }
    return out;
  }

  /** Unmounts and removes everything of the pod's; idempotent. */
  async tearDown(uid: string): Promise<void> {
    if (this.#o.rootDir === undefined) return;
    const dir = this.podDir(uid);
    for (const m of (await mountsUnder(dir)).sort((a, b) => b.length - a.length)) await run('umount', [m]);
    await rm(dir, { recursive: true, force: true });
    for (const key of this.#tokens.keys()) if (key.startsWith(`${uid}/`)) this.#tokens.delete(key);
  }

  async #setUpVolume(pod: Pod, v: Volume, rt: RuntimeFields): Promise<string> {
    if (v.hostPath) return setUpHostPath(v.hostPath);
    const uid = pod.metadata?.uid ?? '';
    const dir = this.volumeDir(uid, v);
    if (v.emptyDir) {
      await mkdir(dir, { recursive: true, mode: 0o777 });
      if (v.emptyDir.medium === 'Memory' && this.#o.mountTmpfs && !(await mountsUnder(dir)).includes(dir)) {
        const size = v.emptyDir.sizeLimit ? [`-o`, `size=${value(v.emptyDir.sizeLimit)}`] : [];
        await run('mount', ['-t', 'tmpfs', ...size, 'tmpfs', dir]);
      }
      return dir;
    }
    const token = (p: ServiceAccountTokenProjection) => this.#token(pod, v.name, p);
    const payload = await volumePayload(pod, v, { ...rt, source: this.#o.source, allocatable: this.#o.allocatable, token });
    if (!payload) throw new VolumeSetupError(`volume type is not supported by kites' node agent: ${pluginName(v)}`);
    await writePayload(dir, payload, new Date(this.#o.clock.now()));
    return dir;
  }

  async #token(pod: Pod, volume: string, p: ServiceAccountTokenProjection): Promise<string> {
    const key = `${pod.metadata?.uid ?? ''}/${volume}/${p.path}`;
    const now = this.#o.clock.now();
    const cached = this.#tokens.get(key);
    if (cached && now < Math.min(cached.issuedAt + (cached.expiresAt - cached.issuedAt) * REFRESH_FRACTION, cached.issuedAt + MAX_TOKEN_AGE_MS)) return cached.token;
    const issued = await this.#o.source.token({
      namespace: pod.metadata?.namespace ?? 'default', serviceAccountName: pod.spec?.serviceAccountName || 'default',
      audiences: p.audience ? [p.audience] : [], expirationSeconds: p.expirationSeconds ?? 3600,
      podName: pod.metadata?.name ?? '', podUid: pod.metadata?.uid ?? '',
    });
    this.#tokens.set(key, { ...issued, issuedAt: now });
    return issued.token;
  }
}

/** upstream's plugin directory names (kubernetes.io~NAME). */
function pluginName(v: Volume): string {
  if (v.emptyDir) return 'empty-dir';
  if (v.configMap) return 'configmap';
  if (v.secret) return 'secret';
  if (v.downwardAPI) return 'downward-api';
  if (v.projected) return 'projected';
  return Object.keys(v).find((k) => k !== 'name') ?? 'unknown';
}

/** Mount points at or below `prefix`, from /proc/self/mounts (octal escapes decoded). */
async function mountsUnder(prefix: string): Promise<string[]> {
  const text = await readFile('/proc/self/mounts', 'utf8').catch(() => '');
  return text.split('\n').map((l) => (l.split(' ')[1] ?? '').replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))))
    .filter((m) => m === prefix || m.startsWith(`${prefix}/`));
}
