// Table columns of a custom resource from its version's additionalPrinterColumns, as upstream's CRD
// table convertor builds them: Name first, then each JSONPath column (typed cells; dates as ages),
// and with no columns declared the default Age column on .metadata.creationTimestamp.
import type { CustomResourceColumnDefinition } from 'kubernetes-types/apiextensions/v1.d.ts';
import type { PrinterColumn } from '../../api/schema/types.ts';
import { humanDuration } from '../../api/schema/age.ts';
import { findValues, parseJsonPath, type Segment } from './jsonpath.ts';

const nameColumn: PrinterColumn = {
  name: 'Name',
  type: 'string',
  format: 'name',
  priority: 0,
  description: 'Name must be unique within a namespace.',
  cell: (obj) => obj.metadata?.name ?? '',
};

const defaultColumns: CustomResourceColumnDefinition[] = [
  { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.' },
];

export function printerColumns(columns: CustomResourceColumnDefinition[] | undefined): PrinterColumn[] {
  const declared = columns && columns.length > 0 ? columns : defaultColumns;
  return [nameColumn, ...declared.map(toPrinterColumn)];
}

function toPrinterColumn(col: CustomResourceColumnDefinition): PrinterColumn {
  const path = parseJsonPath(col.jsonPath);
  const type = (['string', 'integer', 'number', 'boolean', 'date'].includes(col.type) ? col.type : 'string') as PrinterColumn['type'];
  const out: PrinterColumn = {
    name: col.name,
    type,
    priority: col.priority ?? 0,
    description: col.description || `Custom resource definition column (in JSONPath format): ${col.jsonPath}`,
    cell: (obj, now) => columnCell(obj, path, type, now),
  };
  if (col.format) out.format = col.format;
  return out;
}

/** One cell: only the first value the path reaches counts, as upstream's convertor reads it. */
export function columnCell(obj: unknown, path: Segment[], type: PrinterColumn['type'], now: Date): unknown {
  const values = findValues(obj, path);
  if (values.length === 0 || values[0] === undefined || values[0] === null) return null;
  const value = values[0];
  switch (type) {
    case 'string':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
      return typeof value === 'number' ? value : null;
    case 'boolean':
      return typeof value === 'boolean' ? value : null;
    case 'date': {
      if (typeof value !== 'string') return null;
      const at = Date.parse(value);
      return Number.isNaN(at) ? '<invalid>' : humanDuration(now.getTime() - at);
    }
  }
}
