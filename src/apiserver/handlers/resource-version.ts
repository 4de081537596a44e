// resourceVersion query parameters of get/list/watch.
import { errors } from '../status.ts';

/** A resourceVersion the client sent, as a revision: undefined for "" (latest) and 0 for "0" (any). */
export function parseResourceVersion(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,15}$/.test(value)) throw errors.badRequest(`invalid resource version "${value}"`);
  return Number(value);
}
