// ConfigMap and Secret data (upstream ValidateConfigMap / ValidateSecret): keys usable as file
// names, no key in both data and binaryData, a 1 MiB total, the keys each Secret type requires,
// and the `immutable` flag.

import { type Cause, forbidden, invalid, invalidEach, key, required, tooLong } from './field.ts';
import { isConfigMapKey } from './names.ts';

export const MAX_DATA_SIZE = 1024 * 1024;

type Data = Record<string, string> | undefined;
type Obj = { data?: Data; binaryData?: Data; immutable?: boolean; type?: string; metadata?: { annotations?: Record<string, string> } };

function validateKeys(data: Data, field: string): Cause[] {
  return Object.keys(data ?? {}).flatMap((k) => invalidEach(key(field, k), k, isConfigMapKey(k)));
}

const size = (data: Data, measure: (v: string) => number): number => Object.entries(data ?? {}).reduce((n, [k, v]) => n + k.length + measure(v), 0);

/** Rules shared on update: an immutable object's data is frozen, and the flag cannot be unset. */
function validateImmutable(obj: Obj, old: Obj | undefined): Cause[] {
  if (!old?.immutable) return [];
  const causes: Cause[] = [];
  if (!obj.immutable) causes.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
  if (JSON.stringify(obj.data ?? {}) !== JSON.stringify(old.data ?? {})) causes.push(forbidden('data', 'field is immutable when `immutable` is set'));
  if (JSON.stringify(obj.binaryData ?? {}) !== JSON.stringify(old.binaryData ?? {})) causes.push(forbidden('binaryData', 'field is immutable when `immutable` is set'));
  return causes;
}

export function validateConfigMap(cm: Obj, old?: Obj): Cause[] {
  const causes = [...validateKeys(cm.data, 'data'), ...validateKeys(cm.binaryData, 'binaryData')];
  for (const k of Object.keys(cm.binaryData ?? {})) {
    if (cm.data && k in cm.data) causes.push(invalid(key('data', k), k, 'duplicate of key present in binaryData'));
  }
  // binaryData values are base64 in JSON; the limit is on the decoded bytes.
  const total = size(cm.data, (v) => Buffer.byteLength(v)) + size(cm.binaryData, (v) => Buffer.from(v, 'base64').length);
  if (total > MAX_DATA_SIZE) causes.push(tooLong('', MAX_DATA_SIZE));
  return [...causes, ...validateImmutable(cm, old)];
}

/** Keys each built-in Secret type must carry. */
const REQUIRED_KEYS: Record<string, string[]> = {
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

export function validateSecret(secret: Obj, old?: Obj): Cause[] {
  const causes = validateKeys(secret.data, 'data');
  const total = size(secret.data, (v) => Buffer.from(v, 'base64').length);
  if (total > MAX_DATA_SIZE) causes.push(tooLong('data', MAX_DATA_SIZE));
  const type = secret.type ?? 'Opaque';
  for (const k of REQUIRED_KEYS[type] ?? []) if (!secret.data || !(k in secret.data)) causes.push(required(key('data', k)));
  if (type === 'kubernetes.io/service-account-token' && !secret.metadata?.annotations?.['kubernetes.io/service-account.name']) {
    causes.push(required('metadata.annotations[kubernetes.io/service-account.name]'));
  }
  if (old && (old.type ?? 'Opaque') !== type) causes.push(invalid('type', type, 'field is immutable'));
  return [...causes, ...validateImmutable(secret, old)];
}
