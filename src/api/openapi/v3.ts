// OpenAPI v3: one document per group-version (/openapi/v3/apis/apps/v1) and an index (/openapi/v3) that
// points at each with a content hash, built once per registry change. kubectl explain, apply (strategic
// merge patch metadata) and the field-validation check read these as JSON (client-go openapi3.Root asks
// for application/json; nothing in kubectl 1.27–1.33 asks for the protobuf form).
import { createHash } from 'node:crypto';
import { kindsByType, listTypeDef, listTypeName, type OpenAPISource } from './kinds.ts';
import { resourcePaths } from './paths.ts';
import { type JSONSchema, reachableTypes, typeSchema, WELL_KNOWN } from './schemas.ts';

export interface OpenAPIV3Options {
  /** info.version, e.g. the server's gitVersion. */
  version: string;
}

export interface OpenAPIV3Document {
  body: Buffer;
  /** Upper-case hex SHA-512 of body, as upstream puts in serverRelativeURL's ?hash=. */
  hash: string;
}

export interface OpenAPIV3Documents {
  /** The /openapi/v3 index body (application/json). */
  index: Buffer;
  /** A document by its path below /openapi/v3, e.g. 'api/v1' or 'apis/apps/v1'. */
  document(path: string): OpenAPIV3Document | undefined;
}

export function buildOpenAPIV3(source: OpenAPISource, options: OpenAPIV3Options): OpenAPIV3Documents {
  const kinds = kindsByType(source);
  const docs = new Map<string, OpenAPIV3Document>();
  const seen = new Set<string>();
  for (const { group, version } of source.groupVersions()) {
    const path = group === '' ? `api/${version}` : `apis/${group}/${version}`;
    if (seen.has(path)) continue;
    seen.add(path);
    const body = Buffer.from(JSON.stringify(groupVersionDocument(source, group, version, kinds, options)));
    docs.set(path, { body, hash: createHash('sha512').update(body).digest('hex').toUpperCase() });
  }
  const paths = Object.fromEntries([...docs].map(([p, d]) => [p, { serverRelativeURL: `/openapi/v3/${p}?hash=${d.hash}` }]));
  return { index: Buffer.from(JSON.stringify({ paths })), document: (p) => docs.get(p.replace(/^\/+|\/+$/g, '')) };
}

/** The document object for one group-version (exported for tests and tools that want it unserialized). */
export function groupVersionDocument(
  source: OpenAPISource,
  group: string,
  version: string,
  kinds: Map<string, { group: string; version: string; kind: string }[]> = kindsByType(source),
  options: OpenAPIV3Options = { version: 'unversioned' },
): JSONSchema {
  const resources = source.resources().filter((r) => r.group === group && r.version === version);
  const refs = new Set<string>();
  const paths: Record<string, JSONSchema> = {};
  for (const r of [...resources].sort((a, b) => (a.plural < b.plural ? -1 : 1))) {
    Object.assign(paths, resourcePaths(source, r, refs));
    refs.add(r.typeName);
  }
  const lists = new Map(resources.map((r) => [listTypeName(r), listTypeDef(source, r)]));
  const lookup = (name: string) => lists.get(name) ?? source.type(name);
  const schemas: Record<string, JSONSchema> = {};
  for (const name of reachableTypes(refs, lookup)) {
    const def = lookup(name);
    const schema = def ? typeSchema(def, kinds.get(name)) : WELL_KNOWN[name];
    if (schema) schemas[name] = schema;
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: options.version }, paths, components: { schemas } };
}
