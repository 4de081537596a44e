// Serves /openapi/v3 (the index), /openapi/v3/<group-version> documents, and the minimal /openapi/v2
// that kubectl 1.27–1.28 still fetch, built lazily from the schema registry on first use (kubectl asks
// for them only for apply, explain and validation) and rebuilt after the registry changes.
import type { SchemaRegistry } from '../api/schema/registry.ts';
import { buildOpenAPIV2, negotiateOpenAPIV2, type OpenAPIV2Documents } from '../api/openapi/v2.ts';
import { buildOpenAPIV3, type OpenAPIV3Documents } from '../api/openapi/v3.ts';
import { versionInfo } from './version.ts';

export class OpenApiDocuments {
  private v3: OpenAPIV3Documents | undefined;
  private v2: OpenAPIV2Documents | undefined;

  constructor(private readonly registry: SchemaRegistry) {}

  invalidate(): void {
    this.v3 = undefined;
  }

  /** The document for a path and Accept header, or undefined when the path is not an OpenAPI path. */
  respond(path: string, accept: string | undefined): { body: Buffer; contentType: string } | undefined {
    if (path === '/openapi/v2') {
      this.v2 ??= buildOpenAPIV2(versionInfo().gitVersion);
      const { contentType, format } = negotiateOpenAPIV2(accept);
      // Go's mime parser (client-go reads every response's Content-Type) rejects the '@' of the Accept
      // form, so the response names the type with a dot, as kube-openapi does.
      return { body: format === 'protobuf' ? this.v2.protobuf : this.v2.json, contentType: contentType.replace('@', '.') };
    }
    if (path !== '/openapi/v3' && !path.startsWith('/openapi/v3/')) return undefined;
    this.v3 ??= buildOpenAPIV3(this.registry, { version: versionInfo().gitVersion });
    const body = path === '/openapi/v3' || path === '/openapi/v3/' ? this.v3.index : this.v3.document(path.slice('/openapi/v3/'.length))?.body;
    return body && { body, contentType: 'application/json' };
  }
}
