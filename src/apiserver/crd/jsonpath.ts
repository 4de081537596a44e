// The small JSONPath subset CRDs use for printer columns, selectable fields and scale paths:
// `.a.b`, `.a[0].b`, `.a[*].b` (also with the `{…}` braces kubectl users write, and `['key']`).
// Anything else is refused when the column is built, as upstream refuses unparsable columns.

export type Segment = { field: string } | { index: number } | { wildcard: true };

export class JsonPathError extends Error {}

/** Parses `.spec.containers[0].image` into segments; throws JsonPathError on anything else. */
export function parseJsonPath(path: string): Segment[] {
  let text = path.trim();
  if (text.startsWith('{') && text.endsWith('}')) text = text.slice(1, -1).trim();
  if (text.startsWith('$')) text = text.slice(1);
  const segments: Segment[] = [];
  const re = /^(?:\.([A-Za-z0-9_\-$]+)|\[(\d+)\]|\[\*\]|\['([^']*)'\]|\["([^"]*)"\])/;
  while (text.length > 0) {
    const m = re.exec(text);
    if (!m) throw new JsonPathError(`unsupported JSONPath ${JSON.stringify(path)}`);
    if (m[1] !== undefined) segments.push({ field: m[1] });
    else if (m[2] !== undefined) segments.push({ index: Number(m[2]) });
    else if (m[3] !== undefined || m[4] !== undefined) segments.push({ field: (m[3] ?? m[4])! });
    else segments.push({ wildcard: true });
    text = text.slice(m[0].length);
  }
  if (segments.length === 0) throw new JsonPathError(`empty JSONPath ${JSON.stringify(path)}`);
  return segments;
}

/** Every value the path reaches (missing keys reach nothing, as upstream's AllowMissingKeys). */
export function findValues(root: unknown, segments: Segment[]): unknown[] {
  let current: unknown[] = [root];
  for (const seg of segments) {
    const next: unknown[] = [];
    for (const v of current) {
      if ('field' in seg) {
        if (isObject(v) && Object.hasOwn(v, seg.field)) next.push(v[seg.field]);
      } else if (Array.isArray(v)) {
        if ('index' in seg) {
          if (seg.index < v.length) next.push(v[seg.index]);
        } else next.push(...v);
      }
    }
    current = next;
  }
  return current;
}

/** The first value the path reaches, or undefined. */
export function firstValue(root: unknown, segments: Segment[]): unknown {
  return findValues(root, segments)[0];
}

/** Sets a value at a path of field names (scale's specReplicasPath), creating objects on the way. */
export function setField(root: Record<string, unknown>, segments: Segment[], value: unknown): void {
  let node: Record<string, unknown> = root;
  segments.forEach((seg, i) => {
    if (!('field' in seg)) throw new JsonPathError('only field names can be set');
    if (i === segments.length - 1) {
      node[seg.field] = value;
      return;
    }
    const child = node[seg.field];
    node = isObject(child) ? child : (node[seg.field] = {}) as Record<string, unknown>;
  });
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
