// Server-side printing: `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` turns objects into a
// meta.k8s.io/v1 Table whose columns come from the schema registry (upstream's printers).
import type { IncomingHttpHeaders } from 'node:http';
import type { PrinterColumn, ResourceType } from '../api/schema/types.ts';
import type { KubeObject } from './objects/codec.ts';
import { errors } from './status.ts';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** True when the client asks for a Table (and accepts nothing it prefers over it). */
export function wantsTable(headers: IncomingHttpHeaders): boolean {
  const accept = headers.accept ?? '';
  return accept
    .split(',')
    .some((part) => /(^|;)\s*as=Table\b/.test(part) && /\bg=meta\.k8s\.io\b/.test(part) && /\bv=v1(beta1)?\b/.test(part));
}

export function includeObjectMode(value: string | undefined): IncludeObject {
  if (value === undefined || value === '' || value === 'Metadata') return 'Metadata';
  if (value === 'None' || value === 'Object') return value;
  throw errors.badRequest(`includeObject must be one of None, Metadata or Object; got ${JSON.stringify(value)}`);
}

const nameColumn: PrinterColumn = {
  name: 'Name',
  type: 'string',
  format: 'name',
  priority: 0,
  description: 'Name must be unique within a namespace.',
  cell: (obj) => obj.metadata?.name ?? '',
};

const createdColumn: PrinterColumn = {
  name: 'Created At',
  type: 'date',
  priority: 0,
  description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
  cell: (obj) => obj.metadata?.creationTimestamp ?? '',
};

export function tableColumns(rt: ResourceType): PrinterColumn[] {
  return rt.printerColumns.length > 0 ? rt.printerColumns : [nameColumn, createdColumn];
}

export function buildTable(
  rt: ResourceType,
  objects: KubeObject[],
  listMeta: { resourceVersion?: string; continue?: string; remainingItemCount?: number },
  include: IncludeObject,
  now: Date,
): Record<string, unknown> {
  const columns = tableColumns(rt);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: columns.map(({ name, type, format, description, priority }) => ({ name, type, format: format ?? '', description, priority })),
    rows: objects.map((obj) => ({ cells: columns.map((c) => safeCell(c, obj, now)), object: rowObject(obj, include) })),
  };
}

function safeCell(column: PrinterColumn, obj: KubeObject, now: Date): unknown {
  try {
    const value = column.cell(obj, now);
    return value === undefined || value === null ? '' : value;
  } catch {
    return '<unknown>';
  }
}

function rowObject(obj: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}
