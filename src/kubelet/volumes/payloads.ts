// The files of configMap, secret, downwardAPI and projected volumes, as upstream's volume plugins
// compute them (pkg/volume/{configmap,secret,downwardapi,projected}): every key, or only the listed
// items at their paths; item modes over the volume's defaultMode (0644); a missing object or key is
// an error unless the source is optional (then the files are simply not there); projected volumes
// merge their sources, including service-account tokens.
import type { ConfigMap, DownwardAPIVolumeFile, KeyToPath, Pod, Secret, ServiceAccountTokenProjection, Volume } from 'kubernetes-types/core/v1.d.ts';
import { fieldRefValue, resourceFieldRefValue, type RuntimeFields } from '../pods/field-ref.ts';
import type { FileProjection, Payload } from './atomic-writer.ts';
import type { ConfigSource } from './source.ts';

export const DEFAULT_MODE = 0o644;

export class VolumeSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VolumeSetupError';
  }
}

export interface PayloadContext extends RuntimeFields {
  source: ConfigSource;
  allocatable: Record<string, string>;
  /** A token for a projection (the volume manager caches and refreshes them). */
  token: (projection: ServiceAccountTokenProjection) => Promise<string>;
}

export async function configMapPayload(pod: Pod, name: string, items: KeyToPath[] | undefined, defaultMode: number, optional: boolean, ctx: PayloadContext): Promise<Payload> {
  const cm: ConfigMap | undefined = await ctx.source.configMap(pod.metadata?.namespace ?? 'default', name);
  if (!cm) {
    if (optional) return new Map();
    throw new VolumeSetupError(`configmap "${name}" not found`);
  }
  const data = new Map<string, Buffer>();
  for (const [k, v] of Object.entries(cm.data ?? {})) data.set(k, Buffer.from(v));
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) data.set(k, Buffer.from(v, 'base64'));
  return keyPayload(data, items, defaultMode, optional, (k) => `configmap references non-existent config key: ${k}`);
}

export async function secretPayload(pod: Pod, name: string, items: KeyToPath[] | undefined, defaultMode: number, optional: boolean, ctx: PayloadContext): Promise<Payload> {
  const secret: Secret | undefined = await ctx.source.secret(pod.metadata?.namespace ?? 'default', name);
  if (!secret) {
    if (optional) return new Map();
    throw new VolumeSetupError(`secret "${name}" not found`);
  }
  const data = new Map(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')]));
  return keyPayload(data, items, defaultMode, optional, (k) => `references non-existent secret key: ${k}`);
}

export function downwardAPIPayload(pod: Pod, items: DownwardAPIVolumeFile[], defaultMode: number, ctx: PayloadContext): Payload {
  const out: Payload = new Map();
  for (const item of items) {
    let value = '';
    if (item.fieldRef) value = fieldRefValue(pod, item.fieldRef, ctx);
    else if (item.resourceFieldRef) {
      const c = (pod.spec?.containers ?? []).find((x) => x.name === item.resourceFieldRef!.containerName);
      if (!c) throw new VolumeSetupError(`cannot find container: ${item.resourceFieldRef.containerName ?? ''}`);
      value = resourceFieldRefValue(item.resourceFieldRef, c, ctx.allocatable);
    }
    out.set(item.path, { data: Buffer.from(value), mode: item.mode ?? defaultMode });
  }
  return out;
}

/** The files of one volume that is made of API data (undefined for other kinds). */
export async function volumePayload(pod: Pod, v: Volume, ctx: PayloadContext): Promise<Payload | undefined> {
  if (v.configMap) return configMapPayload(pod, v.configMap.name ?? '', v.configMap.items, v.configMap.defaultMode ?? DEFAULT_MODE, v.configMap.optional === true, ctx);
  if (v.secret) return secretPayload(pod, v.secret.secretName ?? '', v.secret.items, v.secret.defaultMode ?? DEFAULT_MODE, v.secret.optional === true, ctx);
  if (v.downwardAPI) return downwardAPIPayload(pod, v.downwardAPI.items ?? [], v.downwardAPI.defaultMode ?? DEFAULT_MODE, ctx);
  if (!v.projected) return undefined;
  const mode = v.projected.defaultMode ?? DEFAULT_MODE;
  const out: Payload = new Map();
  const merge = (p: Payload) => p.forEach((f, k) => out.set(k, f));
  for (const s of v.projected.sources ?? []) {
    if (s.configMap) merge(await configMapPayload(pod, s.configMap.name ?? '', s.configMap.items, mode, s.configMap.optional === true, ctx));
    if (s.secret) merge(await secretPayload(pod, s.secret.name ?? '', s.secret.items, mode, s.secret.optional === true, ctx));
    if (s.downwardAPI) merge(downwardAPIPayload(pod, s.downwardAPI.items ?? [], mode, ctx));
    if (s.serviceAccountToken) out.set(s.serviceAccountToken.path, { data: Buffer.from(await ctx.token(s.serviceAccountToken)), mode });
  }
  return out;
}

function keyPayload(data: Map<string, Buffer>, items: KeyToPath[] | undefined, defaultMode: number, optional: boolean, missing: (key: string) => string): Payload {
  const out: Payload = new Map<string, FileProjection>();
  if (!items || items.length === 0) {
    for (const [k, d] of data) out.set(k, { data: d, mode: defaultMode });
    return out;
  }
  for (const item of items) {
    const d = data.get(item.key);
    if (d === undefined) {
      if (optional) continue;
      throw new VolumeSetupError(missing(item.key));
    }
    out.set(item.path, { data: d, mode: item.mode ?? defaultMode });
  }
  return out;
}
