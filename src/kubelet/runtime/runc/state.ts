// What the runc runtime keeps on disk, so an agent restart finds every sandbox and container again
// (with the labels the pod workers look them up by): a JSON record per sandbox and container,
// replaced atomically.
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { ContainerMetadata, ContainerState, ImageSpec, PodSandboxMetadata, PodSandboxState } from '../types.ts';
import type { CniResult } from '../../cni/exec.ts';
import type { NetConfList } from '../../cni/conflist.ts';

export interface SandboxRecord {
  id: string;
  metadata: PodSandboxMetadata;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  createdAt: number;
  state: PodSandboxState;
  hostNetwork: boolean;
  hostname: string;
  ip?: string;
  /** The chain ADD ran and what it answered: DEL and CHECK get the same. */
  network?: { conflist: NetConfList; result: CniResult };
}

export interface ContainerRecord {
  id: string;
  sandboxId: string;
  metadata: ContainerMetadata;
  image: ImageSpec;
  imageRef: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: ContainerState;
  createdAt: number;
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  reason: string;
  message: string;
  logPath: string;
  shimPid?: number;
}

export async function readJson<T>(path: string): Promise<T | undefined> {
  const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  return text === undefined ? undefined : (JSON.parse(text) as T);
}

export async function writeJson(path: string, value: unknown): Promise<void> {
  await writeFile(`${path}.tmp`, JSON.stringify(value, null, 1), { mode: 0o600 });
  await rename(`${path}.tmp`, path);
}

export function matchLabels(labels: Record<string, string>, selector: Record<string, string> | undefined): boolean {
  return Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
}
