// A minimal /openapi/v2: swagger, info and empty paths, with no definitions.
//
// Why it exists: kubectl 1.27 and 1.28 fetch /openapi/v2 eagerly — in `create`/`apply`/`replace` with
// validation on (the default) and in `explain` — and fail the command if the fetch or decode fails
// (kubectl pkg/cmd/util/factory_client_access.go Validator, pkg/cmd/explain Complete). They ask for it
// as protobuf (application/com.github.proto-openapi.spec.v2@v1.0+protobuf, gnostic openapi_v2.Document),
// so a JSON-only v2 would not do. Leaving definitions empty is safe: kubectl skips client-side validation
// for kinds it finds no schema for, and it validates client-side only when the v3 document says the
// server lacks fieldValidation — ours never does. kubectl 1.29–1.33 read v2 only as a fallback when v3
// fails. Everything real lives in the v3 documents.

export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';

export interface OpenAPIV2Documents {
  json: Buffer;
  protobuf: Buffer;
}

export function buildOpenAPIV2(version: string): OpenAPIV2Documents {
  const json = Buffer.from(JSON.stringify({ swagger: '2.0', info: { title: 'Kubernetes', version }, paths: {} }));
  // gnostic openapiv2/OpenAPIv2.proto: Document{swagger=1, info=2, paths=8}; Info{title=1, version=2}.
  const info = Buffer.concat([lengthDelimited(1, Buffer.from('Kubernetes')), lengthDelimited(2, Buffer.from(version))]);
  const protobuf = Buffer.concat([lengthDelimited(1, Buffer.from('2.0')), lengthDelimited(2, info), lengthDelimited(8, Buffer.alloc(0))]);
  return { json, protobuf };
}

/** The representation for an Accept header: protobuf when asked for by name, else JSON. */
export function negotiateOpenAPIV2(accept: string | undefined): { contentType: string; format: 'json' | 'protobuf' } {
  const wantsProtobuf = (accept ?? '').split(',').some((r) => r.split(';')[0]!.trim().toLowerCase() === OPENAPI_V2_PROTOBUF);
  return wantsProtobuf ? { contentType: OPENAPI_V2_PROTOBUF, format: 'protobuf' } : { contentType: 'application/json', format: 'json' };
}

function lengthDelimited(field: number, bytes: Buffer): Buffer {
  return Buffer.concat([varint((field << 3) | 2), varint(bytes.length), bytes]);
}

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}
