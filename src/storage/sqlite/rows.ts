// Row shapes of the revision table and their conversion to the Backend's types.

import type { KeyValue, WatchEvent } from '../backend.ts';

export interface Row {
  id: number;
  key: string;
  created: number;
  deleted: number;
  create_revision: number;
  prev_revision: number;
  value: string;
  expires_at: number | null;
}

/** A history row joined with the value it replaced (NULL for creates). */
export interface HistoryRow extends Row {
  prev_value: string | null;
}

export function toKeyValue(row: Row): KeyValue {
  return { key: row.key, value: row.value, createRevision: row.create_revision, modRevision: row.id };
}

export function toEvent(row: HistoryRow): WatchEvent {
  if (row.deleted) return event('delete', row, row.value);
  if (row.created) return event('create', row, undefined);
  return event('update', row, row.prev_value ?? undefined);
}

export function event(type: WatchEvent['type'], row: Row, prevValue: string | undefined): WatchEvent {
  return Object.freeze({ type, key: row.key, value: row.value, prevValue, revision: row.id, createRevision: row.create_revision });
}

/** The smallest string greater than every key starting with prefix (keys are printable ASCII). */
export function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}
