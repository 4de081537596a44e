// JSON Patch (RFC 6902, application/json-patch+json) through fast-json-patch.

import jsonpatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { badRequest, unprocessable } from './errors.ts';

/** fast-json-patch errors that mean the patch document itself is malformed (→ 400). */
const MALFORMED = new Set([
  'SEQUENCE_NOT_AN_ARRAY',
  'OPERATION_NOT_AN_OBJECT',
  'OPERATION_OP_INVALID',
  'OPERATION_PATH_INVALID',
  'OPERATION_FROM_REQUIRED',
  'OPERATION_VALUE_REQUIRED',
  'OPERATION_VALUE_CANNOT_CONTAIN_UNDEFINED',
]);

function describe(e: InstanceType<typeof jsonpatch.JsonPatchError>): string {
  const op = e.operation as Partial<Operation> | undefined;
  const path = op?.path ?? '';
  switch (e.name) {
    case 'TEST_OPERATION_FAILED':
      return `testing value ${path} failed: test failed`;
    case 'OPERATION_PATH_UNRESOLVABLE':
      return `${op?.op} operation does not apply: doc is missing path: "${path}": missing value`;
    case 'OPERATION_FROM_UNRESOLVABLE':
      return `${op?.op} operation does not apply: doc is missing from path: "${(op as { from?: string }).from}": missing value`;
    default:
      return `${e.message.split('\n')[0]} (operation ${e.index ?? 0}: ${JSON.stringify(op)})`;
  }
}

export function applyJsonPatch(original: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) throw badRequest('json patch must be a JSON array of operations');
  try {
    return jsonpatch.applyPatch(structuredClone(original), patch as Operation[], true, true).newDocument;
  } catch (e) {
    if (!(e instanceof jsonpatch.JsonPatchError)) throw e;
    const message = describe(e);
    throw MALFORMED.has(e.name) ? badRequest(message) : unprocessable(message);
  }
}
