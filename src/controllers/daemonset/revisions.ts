// DaemonSet history as upstream keeps it: one ControllerRevision per distinct pod template, named
// <daemonset>-<hash>, holding the template as a replace patch; the current one has the highest
// revision number, and its hash labels the pods it made (controller-revision-hash).
import { isDeepStrictEqual } from 'node:util';
import type { ControllerRevision, DaemonSet } from 'kubernetes-types/apps/v1.d.ts';
import type { OwnerReference } from 'kubernetes-types/meta/v1.d.ts';

export const REVISION_HASH_LABEL = 'controller-revision-hash';
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** JSON with sorted keys, so equal templates hash equally whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash >>> 0;
}

/** FNV-32a of the template (and collision count), spelled in upstream's vowel-free alphabet. */
export function templateHash(ds: DaemonSet): string {
  const count = ds.status?.collisionCount;
  const sum = fnv32a(canonical(ds.spec?.template ?? {}) + (count ? String(count) : ''));
  return [...String(sum)].map((c) => SAFE_ALPHABET[c.charCodeAt(0) % SAFE_ALPHABET.length]).join('');
}

/** What a revision stores: the template as a strategic-merge "replace" patch. */
export function revisionData(ds: DaemonSet): unknown {
  return { spec: { template: { ...structuredClone(ds.spec?.template ?? {}), $patch: 'replace' } } };
}

export const sameData = (a: unknown, b: unknown) => isDeepStrictEqual(JSON.parse(canonical(a ?? null)), JSON.parse(canonical(b ?? null)));

export function newRevision(ds: DaemonSet, hash: string, revision: number, owner: OwnerReference): ControllerRevision {
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${ds.metadata!.name}-${hash}`,
      namespace: ds.metadata!.namespace,
      labels: { ...ds.spec?.template?.metadata?.labels, [REVISION_HASH_LABEL]: hash },
      ...(ds.metadata?.annotations ? { annotations: { ...ds.metadata.annotations } } : {}),
      ownerReferences: [owner],
    },
    data: revisionData(ds) as ControllerRevision['data'],
    revision,
  };
}

/** Old revisions no pod uses, oldest first, beyond the history limit (default 10). */
export function revisionsToPrune(revisions: readonly ControllerRevision[], current: string, liveHashes: Set<string>, limit = 10): ControllerRevision[] {
  const old = revisions
    .filter((r) => r.metadata?.name !== current && !liveHashes.has(r.metadata?.labels?.[REVISION_HASH_LABEL] ?? ''))
    .sort((a, b) => a.revision - b.revision);
  return old.slice(0, Math.max(0, old.length - limit));
}
