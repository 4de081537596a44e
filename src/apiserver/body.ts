// Request bodies: read with a hard size limit, then decoded by content type (JSON, YAML, protobuf).
import type { IncomingMessage } from 'node:http';
import yaml from 'js-yaml';
import { errors } from './status.ts';

/** Upstream's apiserver limit for a request body (3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) {
    req.resume();
    throw errors.tooLarge(limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.resume();
      throw errors.tooLarge(limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export type BodyFormat = 'json' | 'yaml' | 'protobuf';

/** The media type without parameters, lower-cased. */
export function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

export function bodyFormat(contentType: string | undefined): BodyFormat {
  const type = mediaType(contentType);
  if (type === '' || type === 'application/json' || type.endsWith('+json')) return 'json';
  if (type === 'application/yaml' || type === 'application/apply-patch+yaml' || type === 'text/yaml') return 'yaml';
  if (type === 'application/vnd.kubernetes.protobuf') return 'protobuf';
  throw errors.unsupportedMediaType(type);
}

/**
 * The deepest body accepted. Upstream's JSON decoder stops at 10000 levels; the handlers here walk
 * bodies recursively (field validation, merges, copies), so the limit stays well inside the JS stack.
 */
export const MAX_BODY_DEPTH = 1000;

/** Parses JSON or YAML text into a value; malformed or too deeply nested input is a 400. */
export function parseText(body: Buffer, format: 'json' | 'yaml'): unknown {
  const value = parseUnchecked(body.toString('utf8'), format);
  if (deeperThan(value, MAX_BODY_DEPTH)) {
    throw errors.badRequest(`error decoding ${format === 'json' ? 'JSON' : 'YAML'} body: nested deeper than ${MAX_BODY_DEPTH} levels`);
  }
  return value;
}

function parseUnchecked(text: string, format: 'json' | 'yaml'): unknown {
  if (format === 'json') {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw errors.badRequest(`error decoding JSON body: ${(err as Error).message}`);
    }
  }
  try {
    return yaml.load(text, { schema: yaml.JSON_SCHEMA });
  } catch (err) {
    throw errors.badRequest(`error decoding YAML body: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** Iterative, so that measuring a hostile body cannot itself overflow the stack. */
function deeperThan(value: unknown, limit: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

/** An object body: a JSON object with an object `metadata` (created when absent). */
export function asObjectBody(value: unknown): { metadata: Record<string, unknown>; [k: string]: unknown } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw errors.badRequest('the request body must be a single JSON or YAML object');
  }
  const obj = value as { metadata?: unknown; [k: string]: unknown };
  if (obj.metadata === undefined || obj.metadata === null) obj.metadata = {};
  if (typeof obj.metadata !== 'object' || Array.isArray(obj.metadata)) throw errors.badRequest('metadata must be an object');
  return obj as { metadata: Record<string, unknown> };
}
