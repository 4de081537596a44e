// Kubernetes types that are a small protobuf message on the wire but a plain JSON value: Quantity
// (a string), IntOrString (a number or a string), Time and MicroTime (RFC 3339 text) and the raw-JSON
// holders (RawExtension, FieldsV1, apiextensions JSON). Shapes: apimachinery's generated.proto.
import { ProtobufDecodeError } from './error.ts';
import { LENGTH_DELIMITED, VARINT, WireReader, expectWireType } from './wire.ts';

/** resource.Quantity { string = 1 }. An empty message is the zero quantity, which Go prints as "0". */
export function decodeQuantity(bytes: Uint8Array, where: string): string {
  const reader = new WireReader(bytes);
  let value = '0';
  for (let tag = reader.next(); tag; tag = reader.next()) {
    if (tag.field !== 1) {
      reader.skip(tag.wireType);
      continue;
    }
    expectWireType(tag.wireType, LENGTH_DELIMITED, where);
    value = reader.string();
  }
  return value;
}

/** intstr.IntOrString { type = 1 (0 int, 1 string), intVal = 2, strVal = 3 }. */
export function decodeIntOrString(bytes: Uint8Array, where: string): number | string {
  const reader = new WireReader(bytes);
  let type = 0;
  let intVal = 0;
  let strVal = '';
  for (let tag = reader.next(); tag; tag = reader.next()) {
    if (tag.field === 1 || tag.field === 2) {
      expectWireType(tag.wireType, VARINT, where);
      if (tag.field === 1) type = reader.int64();
      else intVal = reader.int32();
    } else if (tag.field === 3) {
      expectWireType(tag.wireType, LENGTH_DELIMITED, where);
      strVal = reader.string();
    } else {
      reader.skip(tag.wireType);
    }
  }
  if (type !== 0 && type !== 1) throw new ProtobufDecodeError(`${where}: IntOrString type ${type} is neither 0 (int) nor 1 (string)`);
  return type === 0 ? intVal : strVal;
}

// The years Go's RFC 3339 JSON encoding accepts: 0001-01-01T00:00:00Z … 9999-12-31T23:59:59Z.
const MIN_SECONDS = -62135596800;
const MAX_SECONDS = 253402300799;

/**
 * metav1.Time / MicroTime { seconds = 1, nanos = 2 }. An empty message is Go's zero time, which
 * encodes as null: undefined here. Time keeps whole seconds (upstream's Time ignores nanos when
 * decoding); MicroTime keeps microseconds and always prints six digits, like RFC3339Micro.
 */
export function decodeTime(bytes: Uint8Array, micro: boolean, where: string): string | undefined {
  if (bytes.length === 0) return undefined;
  const reader = new WireReader(bytes);
  let seconds = 0;
  let nanos = 0;
  for (let tag = reader.next(); tag; tag = reader.next()) {
    if (tag.field !== 1 && tag.field !== 2) {
      reader.skip(tag.wireType);
      continue;
    }
    expectWireType(tag.wireType, VARINT, where);
    if (tag.field === 1) seconds = reader.int64();
    else nanos = reader.int32();
  }
  if (!Number.isSafeInteger(seconds) || seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
    throw new ProtobufDecodeError(`${where}: time ${seconds}s is outside years 1-9999`);
  }
  if (nanos < 0 || nanos > 999_999_999) throw new ProtobufDecodeError(`${where}: nanos ${nanos} out of range`);
  const wholeSeconds = new Date(seconds * 1000).toISOString().slice(0, 19);
  if (!micro) return `${wholeSeconds}Z`;
  return `${wholeSeconds}.${String(Math.floor(nanos / 1000)).padStart(6, '0')}Z`;
}

/** The bytes of a raw-JSON holder's field 1 (RawExtension.raw, FieldsV1.Raw, JSON.raw). */
export function rawBytes(bytes: Uint8Array, where: string): Uint8Array {
  const reader = new WireReader(bytes);
  let raw: Uint8Array = new Uint8Array(0);
  for (let tag = reader.next(); tag; tag = reader.next()) {
    if (tag.field !== 1) {
      reader.skip(tag.wireType);
      continue;
    }
    expectWireType(tag.wireType, LENGTH_DELIMITED, where);
    raw = reader.bytes();
  }
  return raw;
}

/** Raw bytes that hold JSON text. Empty raw is Go's nil RawExtension, which encodes as null. */
export function parseRawJSON(raw: Uint8Array, where: string): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8'));
  } catch (err) {
    throw new ProtobufDecodeError(`${where}: raw value is neither JSON nor a protobuf object: ${(err as Error).message}`, { cause: err });
  }
}

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}
