// Label and field selectors of list and watch requests, turned into one predicate over objects.
import { parseFieldSelector, parseSelector, SelectorError } from '../../api/selectors/index.ts';
import type { ResourceType } from '../../api/schema/types.ts';
import type { KubeObject } from '../objects/codec.ts';
import { errors } from '../status.ts';

export type ObjectFilter = (obj: KubeObject) => boolean;

export function objectFilter(rt: ResourceType, labelSelector: string | undefined, fieldSelector: string | undefined): ObjectFilter | undefined {
  try {
    const labels = labelSelector ? parseSelector(labelSelector) : undefined;
    const fields = fieldSelector ? parseFieldSelector(fieldSelector) : undefined;
    for (const r of fields?.requirements ?? []) {
      if (r.field !== 'metadata.name' && r.field !== 'metadata.namespace' && !(r.field in rt.selectableFields)) {
        throw errors.badRequest(`field label not supported: ${r.field}`);
      }
    }
    if (!labels && !fields) return undefined;
    return (obj) =>
      (!labels || labels.matches(obj.metadata.labels ?? {})) &&
      (!fields || fields.matches((field) => fieldValue(rt, obj, field)));
  } catch (err) {
    if (err instanceof SelectorError) throw errors.badRequest(`unable to parse requirement: ${err.message}`);
    throw err;
  }
}

function fieldValue(rt: ResourceType, obj: KubeObject, field: string): string | undefined {
  if (field === 'metadata.name') return obj.metadata.name;
  if (field === 'metadata.namespace') return obj.metadata.namespace ?? '';
  return rt.selectableFields[field]?.(obj);
}
