// Protobuf request bodies: see decode.ts and docs/protobuf.md.
export { decodeProtobufBody, PROTOBUF_CONTENT_TYPE, type DecodedBody, type TypeNameForKind } from './decode.ts';
export { ProtobufDecodeError } from './error.ts';
export type { TypeLookup } from './message.ts';
