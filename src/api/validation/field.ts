// Field errors shaped like metav1.StatusCause, with upstream's wording
// (k8s.io/apimachinery/pkg/util/validation/field/errors.go): a cause's message is the error body
// ("Invalid value: -1: must be greater than or equal to 0"); the Status message prefixes the field.

export type CauseReason =
  | 'FieldValueInvalid'
  | 'FieldValueRequired'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueForbidden'
  | 'FieldValueNotFound';

/** metav1.StatusCause as the API server returns it in Status.details.causes. */
export interface Cause {
  reason: CauseReason;
  message: string;
  field: string;
}

/** Go's %q for strings, %v for numbers and booleans, %#v-like for maps and lists. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return `[]string{${v.map((x) => JSON.stringify(x)).join(', ')}}`;
  if (typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string')) {
    const body = Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${JSON.stringify((v as Record<string, string>)[k])}`)
      .join(', ');
    return `map[string]string{${body}}`;
  }
  return JSON.stringify(v);
}

const withDetail = (body: string, detail: string | undefined): string => (detail ? `${body}: ${detail}` : body);

export const invalid = (field: string, value: unknown, detail: string): Cause => ({
  reason: 'FieldValueInvalid',
  field,
  message: withDetail(`Invalid value: ${formatValue(value)}`, detail),
});

export const required = (field: string, detail?: string): Cause => ({
  reason: 'FieldValueRequired',
  field,
  message: withDetail('Required value', detail),
});

export const notSupported = (field: string, value: unknown, supported: readonly string[]): Cause => ({
  reason: 'FieldValueNotSupported',
  field,
  message: withDetail(`Unsupported value: ${formatValue(value)}`, supported.length ? `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` : ''),
});

export const duplicate = (field: string, value: unknown): Cause => ({
  reason: 'FieldValueDuplicate',
  field,
  message: `Duplicate value: ${formatValue(value)}`,
});

export const notFound = (field: string, value: unknown): Cause => ({
  reason: 'FieldValueNotFound',
  field,
  message: `Not found: ${formatValue(value)}`,
});

/** Upstream leaves the too-long value out of the message. */
export const tooLong = (field: string, maxBytes: number): Cause => ({
  reason: 'FieldValueTooLong',
  field,
  message: `Too long: must have at most ${maxBytes} bytes`,
});

export const tooMany = (field: string, actual: number, max: number): Cause => ({
  reason: 'FieldValueTooMany',
  field,
  message: `Too many: ${actual}: must have at most ${max} items`,
});

export const forbidden = (field: string, detail: string): Cause => ({
  reason: 'FieldValueForbidden',
  field,
  message: withDetail('Forbidden', detail),
});

/** One problem per message, each becoming an Invalid cause: how upstream reports name formats. */
export const invalidEach = (field: string, value: unknown, messages: readonly string[]): Cause[] => messages.map((m) => invalid(field, value, m));

export const causeString = (c: Cause): string => (c.field ? `${c.field}: ${c.message}` : c.message);

/**
 * The Status message of a 422 Invalid: `Deployment.apps "web" is invalid: <errors>`, the errors
 * deduplicated and, when more than one, bracketed and comma-separated (upstream's aggregate).
 * `kind` may already be qualified ("Deployment.apps"); otherwise pass the group.
 */
export function invalidMessage(kind: string, name: string, causes: readonly Cause[], group = ''): string {
  const qualified = group ? `${kind}.${group}` : kind;
  const msgs = [...new Set(causes.map(causeString))];
  const agg = msgs.length === 1 ? msgs[0]! : `[${msgs.join(', ')}]`;
  return `${qualified} ${JSON.stringify(name)} is invalid: ${agg}`;
}

/** The whole metav1.Status body of a 422 Invalid response. */
export function invalidStatus(group: string, kind: string, name: string, causes: readonly Cause[]) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: invalidMessage(kind, name, causes, group),
    reason: 'Invalid',
    details: { name, group: group || undefined, kind, causes: [...causes] },
    code: 422,
  };
}

/** Path helpers: `child('spec', 'replicas')`, `index('spec.containers', 0)`, `key('data', 'a.txt')`. */
export const child = (...parts: string[]): string => parts.filter((p) => p !== '').join('.');
export const index = (path: string, i: number): string => `${path}[${i}]`;
export const key = (path: string, k: string): string => `${path}[${k}]`;
