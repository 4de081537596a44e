// The pod-template-hash: a stable name for a pod template, so each template version gets its own
// ReplicaSet ("web-<hash>") and label. Like upstream it is FNV-32a, optionally salted with the
// collision count, printed in decimal and mapped onto safe characters; the bytes hashed are a
// canonical JSON form of the template, so it is stable but not bit-identical to upstream's.
import type { PodTemplateSpec } from 'kubernetes-types/core/v1.d.ts';
import type { LabelSelector } from 'kubernetes-types/meta/v1.d.ts';

export const POD_TEMPLATE_HASH = 'pod-template-hash';
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Drops null/undefined and empty objects and arrays (Go's semantic equality treats nil and empty alike) and sorts keys. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(canonical).filter((v) => v !== undefined);
    return items.length ? items : undefined;
  }
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = canonical((value as Record<string, unknown>)[key]);
      if (v !== undefined) out[key] = v;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return value ?? undefined;
}

export function fnv32a(bytes: Uint8Array, h = 0x811c9dc5): number {
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

export function safeEncode(s: string): string {
  return [...s].map((c) => SAFE_ALPHABET[c.charCodeAt(0) % SAFE_ALPHABET.length]).join('');
}

export function computeHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  let h = fnv32a(new TextEncoder().encode(JSON.stringify(canonical(template ?? {}) ?? {})));
  if (collisionCount !== undefined) {
    const salt = new Uint8Array(4);
    new DataView(salt.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(salt, h);
  }
  return safeEncode(String(h));
}

function withoutHash(t: PodTemplateSpec | undefined): unknown {
  const copy = structuredClone(t ?? {});
  delete copy.metadata?.labels?.[POD_TEMPLATE_HASH];
  return canonical(copy);
}

/** Same template apart from the pod-template-hash label (upstream EqualIgnoreHash). */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  return JSON.stringify(withoutHash(a)) === JSON.stringify(withoutHash(b));
}

export function withHashLabel(labels: Record<string, string> | undefined, hash: string): Record<string, string> {
  return { ...labels, [POD_TEMPLATE_HASH]: hash };
}

export function selectorWithHash(selector: LabelSelector | undefined, hash: string): LabelSelector {
  const copy = structuredClone(selector ?? {});
  copy.matchLabels = withHashLabel(copy.matchLabels, hash);
  return copy;
}
