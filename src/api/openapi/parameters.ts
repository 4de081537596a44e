// Query and path parameters of the REST operations (names and meanings from the Kubernetes API
// conventions). kubectl apply/create/replace look for fieldValidation on the PATCH operation of the kind
// (k8s.io/cli-runtime resource.QueryParamVerifierV3) and fall back to client-side validation without it.
import type { JSONSchema } from './schemas.ts';

function query(name: string, description: string, type: 'string' | 'boolean' | 'integer' = 'string'): JSONSchema {
  return { name, in: 'query', description, schema: { type }, uniqueItems: true };
}

function path(name: string, description: string): JSONSchema {
  return { name, in: 'path', description, required: true, schema: { type: 'string' }, uniqueItems: true };
}

export const NAME = path('name', 'Name of the object.');
export const NAMESPACE = path('namespace', 'Namespace of the objects.');
export const PRETTY = query('pretty', "When 'true', the output is indented.");

const DRY_RUN = query('dryRun', "When 'All', the request is checked and answered but nothing is stored.");
const FIELD_MANAGER = query('fieldManager', 'Name of the actor making the change, recorded in managedFields.');
export const FIELD_VALIDATION = query('fieldValidation', "How to treat unknown or duplicate fields: 'Ignore', 'Warn' or 'Strict'.");
const FORCE = query('force', 'Apply only: take ownership of fields other managers hold.', 'boolean');

export const WRITE = [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION];
export const PATCH = [...WRITE, FORCE];

export const LIST = [
  query('allowWatchBookmarks', 'Watch only: ask for BOOKMARK events.', 'boolean'),
  query('continue', 'Token from a previous page of results.'),
  query('fieldSelector', 'Only objects whose fields match.'),
  query('labelSelector', 'Only objects whose labels match.'),
  query('limit', 'Most objects to return in one page.', 'integer'),
  query('resourceVersion', 'The resource version the answer must be at least as new as.'),
  query('resourceVersionMatch', "How resourceVersion applies: 'Exact' or 'NotOlderThan'."),
  query('sendInitialEvents', 'Watch only: start with ADDED events for the current state.', 'boolean'),
  query('timeoutSeconds', 'End the list or watch after this many seconds.', 'integer'),
  query('watch', 'Stream changes instead of returning a list.', 'boolean'),
];

export const DELETE = [
  DRY_RUN,
  query('gracePeriodSeconds', 'Seconds before the object is deleted; 0 means now.', 'integer'),
  query('orphanDependents', 'Deprecated: use propagationPolicy.', 'boolean'),
  query('propagationPolicy', "What happens to dependents: 'Orphan', 'Background' or 'Foreground'."),
];

export const LOG = [
  query('container', 'The container to read; needed when the pod has more than one.'),
  query('follow', 'Keep streaming as the log grows.', 'boolean'),
  query('limitBytes', 'Stop after this many bytes.', 'integer'),
  query('previous', 'Read the previous, terminated instance of the container.', 'boolean'),
  query('sinceSeconds', 'Only lines newer than this many seconds.', 'integer'),
  query('sinceTime', 'Only lines after this RFC 3339 time.'),
  query('tailLines', 'Only this many lines from the end.', 'integer'),
  query('timestamps', 'Prefix each line with its RFC 3339 time.', 'boolean'),
];
