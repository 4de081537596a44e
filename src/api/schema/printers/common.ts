// Building blocks shared by the printer tables: the NAME and AGE columns and upstream's formatting of
// label maps, label selectors and container lists.
import type { PrinterColumn } from '../types.ts';
import { age } from '../age.ts';

type Cell = PrinterColumn['cell'];

export function column(name: string, type: PrinterColumn['type'], description: string, cell: Cell, priority = 0): PrinterColumn {
  return { name, type, priority, description, cell };
}

export function wide(name: string, description: string, cell: Cell): PrinterColumn {
  return column(name, 'string', description, cell, 1);
}

export const nameColumn: PrinterColumn = {
  name: 'Name', type: 'string', format: 'name', priority: 0,
  description: 'Name of the object, unique within its namespace.',
  cell: (o) => o.metadata?.name ?? '',
};

export const ageColumn = column('Age', 'string', 'Time since the object was created.', (o, now) => age(o.metadata?.creationTimestamp, now));

/** The 'Created At' column of kinds printed by the default table: creation time in RFC 3339, UTC. */
export const createdAtColumn = column('Created At', 'date', 'When the object was created.', (o) => rfc3339(o.metadata?.creationTimestamp));

export function rfc3339(timestamp: string | undefined): string {
  if (!timestamp) return '0001-01-01T00:00:00Z';
  return new Date(timestamp).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** labels.FormatLabels: sorted k=v pairs, or <none>. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

interface Requirement {
  key: string;
  operator: string;
  values?: string[];
}

/** metav1.FormatLabelSelector: requirements sorted by key, `k=v`, `k in (a,b)`, `k notin (a)`, `k`, `!k`; <none> when empty. */
export function formatLabelSelector(selector: { matchLabels?: Record<string, string>; matchExpressions?: Requirement[] } | undefined): string {
  if (!selector) return '<none>';
  const reqs: Requirement[] = [
    ...Object.entries(selector.matchLabels ?? {}).map(([key, v]) => ({ key, operator: '=', values: [v] })),
    ...(selector.matchExpressions ?? []),
  ];
  const text = reqs
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(formatRequirement)
    .join(',');
  return text === '' ? '<none>' : text;
}

function formatRequirement(r: Requirement): string {
  const values = [...new Set(r.values ?? [])].sort().join(',');
  switch (r.operator) {
    case '=':
      return `${r.key}=${values}`;
    case 'In':
      return `${r.key} in (${values})`;
    case 'NotIn':
      return `${r.key} notin (${values})`;
    case 'Exists':
      return r.key;
    case 'DoesNotExist':
      return `!${r.key}`;
    default:
      return '<error>';
  }
}

/** The wide CONTAINERS and IMAGES columns of a pod template's containers. */
export function containerColumns(podSpec: (o: any) => any): PrinterColumn[] {
  const containers = (o: any): any[] => podSpec(o)?.containers ?? [];
  return [
    wide('Containers', 'Names of each container in the template.', (o) => containers(o).map((c) => c.name).join(',')),
    wide('Images', 'Images referenced by each container in the template.', (o) => containers(o).map((c) => c.image).join(',')),
  ];
}

/** A list shortened to `max` entries with " + N more...", as upstream prints endpoints and hosts. */
export function listWithMore(items: string[], max: number): string {
  const shown = items.slice(0, max).join(',');
  return items.length > max ? `${shown} + ${items.length - max} more...` : shown;
}
