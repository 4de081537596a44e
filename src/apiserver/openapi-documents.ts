// Serves /openapi/v3 (the index) and /openapi/v3/<group-version> documents, built lazily from the
// schema registry on first use (kubectl asks for them only for apply, explain and validation) and
// rebuilt after the registry changes.
import type { SchemaRegistry } from '../api/schema/registry.ts';
import { buildOpenAPIV3, type OpenAPIV3Documents } from '../api/openapi/v3.ts';
import { versionInfo } from './version.ts';

export class OpenApiDocuments {
  private built: OpenAPIV3Documents | undefined;

  constructor(private readonly registry: SchemaRegistry) {}

  invalidate(): void {
    this.built = undefined;
  }

  /** The document body for a path, or undefined when the path is not an OpenAPI path. */
  respond(path: string): Buffer | undefined {
    if (path !== '/openapi/v3' && !path.startsWith('/openapi/v3/')) return undefined;
    this.built ??= buildOpenAPIV3(this.registry, { version: versionInfo().gitVersion });
    if (path === '/openapi/v3' || path === '/openapi/v3/') return this.built.index;
    return this.built.document(path.slice('/openapi/v3/'.length))?.body;
  }
}
