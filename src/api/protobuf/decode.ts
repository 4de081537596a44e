// Kubernetes protobuf request bodies (Content-Type application/vnd.kubernetes.protobuf, sent by
// kubectl >= 1.32 and client-go) decoded into the JSON-shaped object the same request would carry as
// JSON. The body is the magic "k8s\0" and a runtime.Unknown { typeMeta = 1 { apiVersion = 1, kind = 2 },
// raw = 2, contentEncoding = 3, contentType = 4 } whose raw is the object's own message; see
// apimachinery pkg/runtime/serializer/protobuf and pkg/runtime/generated.proto.
import { ProtobufDecodeError } from './error.ts';
import { type DecodeContext, MAX_DEPTH, type TypeLookup, decodeMessage } from './message.ts';
import { LENGTH_DELIMITED, WireReader, expectWireType } from './wire.ts';

export const PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';
const MAGIC = [0x6b, 0x38, 0x73, 0x00];

/** The registry's TypeDef name for a kind, or undefined when kites has no schema for it. */
export type TypeNameForKind = (apiVersion: string, kind: string) => string | undefined;

export interface DecodedBody {
  apiVersion: string;
  kind: string;
  /** JSON-shaped, with apiVersion and kind set. */
  object: Record<string, unknown>;
}

interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding: string;
  contentType: string;
}

/** Throws ProtobufDecodeError for anything that is not a well-formed object of a known kind. */
export function decodeProtobufBody(bytes: Uint8Array, lookup: TypeLookup, typeNameForKind: TypeNameForKind): DecodedBody {
  const ctx: DecodeContext = {
    lookup,
    embedded: (raw, depth) => decodeObject(raw, ctx, typeNameForKind, depth).object,
  };
  return decodeObject(bytes, ctx, typeNameForKind, 0);
}

function decodeObject(bytes: Uint8Array, ctx: DecodeContext, typeNameForKind: TypeNameForKind, depth: number): DecodedBody {
  if (depth > MAX_DEPTH) throw new ProtobufDecodeError(`protobuf nesting deeper than ${MAX_DEPTH}`);
  const envelope = readEnvelope(bytes);
  const { apiVersion, kind } = envelope;
  if (envelope.contentEncoding !== '') throw new ProtobufDecodeError(`unsupported protobuf content encoding "${envelope.contentEncoding}"`);
  if (envelope.contentType !== '' && envelope.contentType !== PROTOBUF_CONTENT_TYPE) {
    throw new ProtobufDecodeError(`unsupported content type "${envelope.contentType}" inside a protobuf body`);
  }
  if (kind === '') throw new ProtobufDecodeError('protobuf body has no kind');
  const typeName = typeNameForKind(apiVersion, kind);
  if (typeName === undefined) throw new ProtobufDecodeError(`no protobuf schema for kind "${kind}" in "${apiVersion}"`);
  const fields = decodeMessage(envelope.raw, typeName, ctx, depth + 1);
  return { apiVersion, kind, object: { apiVersion, kind, ...fields } };
}

function readEnvelope(bytes: Uint8Array): Envelope {
  if (bytes.length < MAGIC.length || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new ProtobufDecodeError('protobuf body does not start with the "k8s\\x00" prefix');
  }
  const envelope: Envelope = { apiVersion: '', kind: '', raw: new Uint8Array(0), contentEncoding: '', contentType: '' };
  const reader = new WireReader(bytes.subarray(MAGIC.length));
  for (let tag = reader.next(); tag; tag = reader.next()) {
    if (tag.field < 1 || tag.field > 4) {
      reader.skip(tag.wireType);
      continue;
    }
    expectWireType(tag.wireType, LENGTH_DELIMITED, `runtime.Unknown field ${tag.field}`);
    if (tag.field === 1) readTypeMeta(reader.bytes(), envelope);
    else if (tag.field === 2) envelope.raw = reader.bytes();
    else if (tag.field === 3) envelope.contentEncoding = reader.string();
    else envelope.contentType = reader.string();
  }
  return envelope;
}

function readTypeMeta(bytes: Uint8Array, envelope: Envelope): void {
  const reader = new WireReader(bytes);
  for (let tag = reader.next(); tag; tag = reader.next()) {
    if (tag.field !== 1 && tag.field !== 2) {
      reader.skip(tag.wireType);
      continue;
    }
    expectWireType(tag.wireType, LENGTH_DELIMITED, `runtime.TypeMeta field ${tag.field}`);
    if (tag.field === 1) envelope.apiVersion = reader.string();
    else envelope.kind = reader.string();
  }
}
