// Schema-driven decoding of one protobuf message into its JSON shape. Field numbers, names and value
// kinds come from the schema registry's TypeDefs, so every kind the registry knows decodes without
// code of its own. Zero values follow Go: a non-pointer scalar is always on the wire, so its zero is
// dropped as JSON omitempty would drop it; pointer and required fields keep theirs.
import type { FieldDef, Schema, TypeDef } from '../schema/types.ts';
import { ProtobufDecodeError } from './error.ts';
import { FIXED64, LENGTH_DELIMITED, VARINT, WireReader, expectWireType, type Tag } from './wire.ts';
import { base64, decodeIntOrString, decodeQuantity, decodeTime, parseRawJSON, rawBytes } from './values.ts';

export interface TypeLookup {
  type(name: string): TypeDef | undefined;
}

export interface DecodeContext {
  lookup: TypeLookup;
  /** Decodes raw bytes that start with the k8s\0 magic: an object nested in a RawExtension. */
  embedded(bytes: Uint8Array, depth: number): unknown;
}

/** Deeper nesting is refused: no Kubernetes object comes near it, and it bounds recursion. */
export const MAX_DEPTH = 100;

type JSONObject = Record<string, unknown>;
type FieldEntry = [name: string, field: FieldDef];

const fieldsByNumber = new WeakMap<TypeDef, Map<number, FieldEntry>>();

function numbered(def: TypeDef): Map<number, FieldEntry> {
  let fields = fieldsByNumber.get(def);
  if (!fields) {
    fields = new Map();
    for (const [name, field] of Object.entries(def.fields)) {
      if (field.protobuf !== undefined) fields.set(field.protobuf, [name, field]);
    }
    fieldsByNumber.set(def, fields);
  }
  return fields;
}

function typeDef(ctx: DecodeContext, name: string): TypeDef {
  const def = ctx.lookup.type(name);
  if (!def) throw new ProtobufDecodeError(`no schema for protobuf message ${name}`);
  return def;
}

/** Decodes `bytes` as message `typeName`, merging into `into` as protobuf merges a repeated message. */
export function decodeMessage(bytes: Uint8Array, typeName: string, ctx: DecodeContext, depth: number, into: JSONObject = {}): JSONObject {
  if (depth > MAX_DEPTH) throw new ProtobufDecodeError(`protobuf nesting deeper than ${MAX_DEPTH} at ${typeName}`);
  const def = typeDef(ctx, typeName);
  const fields = numbered(def);
  const reader = new WireReader(bytes);
  for (let tag = reader.next(); tag; tag = reader.next()) {
    const entry = fields.get(tag.field);
    if (entry) decodeField(reader, tag, entry, `${def.name}.${entry[0]}`, ctx, depth, into);
    else reader.skip(tag.wireType);
  }
  return into;
}

function decodeField(reader: WireReader, tag: Tag, [name, field]: FieldEntry, where: string, ctx: DecodeContext, depth: number, out: JSONObject): void {
  const { schema, protobufMessage: wrapper } = field;
  if (schema.type === 'array' && !wrapsAt(schema, wrapper)) {
    const list = (out[name] ??= []) as unknown[];
    appendRepeated(reader, tag, schema.items, wrapper, where, ctx, depth, list);
  } else if (schema.type === 'map') {
    expectWireType(tag.wireType, LENGTH_DELIMITED, where);
    const [key, value] = decodeMapEntry(reader.bytes(), schema.values, wrapper, where, ctx, depth + 1);
    // defineProperty, so that a key such as "__proto__" is an ordinary entry, as JSON.parse makes it.
    Object.defineProperty((out[name] ??= {}) as JSONObject, key, { value, enumerable: true, writable: true, configurable: true });
  } else if (field.inline && schema.type === 'ref') {
    // Go embedding: the embedded struct's fields sit directly in this object's JSON.
    expectWireType(tag.wireType, LENGTH_DELIMITED, where);
    decodeMessage(reader.bytes(), schema.name, ctx, depth + 1, out);
  } else {
    const previous = out[name];
    const value = decodeValue(reader, tag.wireType, schema, wrapper, where, ctx, depth, previous);
    if (value === undefined || (isScalar(schema) && isZero(value) && !field.pointer && !field.required)) delete out[name];
    else out[name] = value;
  }
}

/**
 * Where a field's protobuf wrapper message sits in its schema: a raw-JSON holder stands for each
 * `any` value (RawExtension, JSON, JSONSchemaPropsOr*), a list wrapper for a whole list of plain
 * values (Verbs; ExtraValue as a map's value).
 */
function wrapsAt(schema: Schema, wrapper: string | undefined): boolean {
  return wrapper !== undefined && (schema.type === 'any' || (schema.type === 'array' && schema.items.type !== 'any'));
}

function appendRepeated(reader: WireReader, tag: Tag, items: Schema, wrapper: string | undefined, where: string, ctx: DecodeContext, depth: number, list: unknown[]): void {
  const scalarWire = items.type === 'number' ? FIXED64 : VARINT;
  const packable = items.type === 'integer' || items.type === 'number' || items.type === 'boolean';
  if (packable && tag.wireType === LENGTH_DELIMITED) {
    const packed = new WireReader(reader.bytes());
    while (!packed.atEnd()) list.push(decodeValue(packed, scalarWire, items, wrapper, where, ctx, depth));
    return;
  }
  list.push(decodeValue(reader, tag.wireType, items, wrapper, where, ctx, depth) ?? null);
}

/** A map entry message { key = 1, value = 2 }; a missing part is its type's zero value, as in Go. */
function decodeMapEntry(bytes: Uint8Array, values: Schema, wrapper: string | undefined, where: string, ctx: DecodeContext, depth: number): [string, unknown] {
  if (depth > MAX_DEPTH) throw new ProtobufDecodeError(`protobuf nesting deeper than ${MAX_DEPTH} at ${where}`);
  const reader = new WireReader(bytes);
  let key = '';
  let value: unknown;
  for (let tag = reader.next(); tag; tag = reader.next()) {
    if (tag.field === 1) {
      expectWireType(tag.wireType, LENGTH_DELIMITED, `${where} (map key)`);
      key = reader.string();
    } else if (tag.field === 2) {
      value = decodeValue(reader, tag.wireType, values, wrapper, `${where}[value]`, ctx, depth, value);
    } else {
      reader.skip(tag.wireType);
    }
  }
  return [key, value ?? zeroValue(values)];
}

function decodeValue(reader: WireReader, wireType: number, schema: Schema, wrapper: string | undefined, where: string, ctx: DecodeContext, depth: number, previous?: unknown): unknown {
  if (wrapsAt(schema, wrapper)) {
    expectWireType(wireType, LENGTH_DELIMITED, where);
    return unwrap(reader.bytes(), wrapper!, where, ctx, depth + 1);
  }
  switch (schema.type) {
    case 'string':
      expectWireType(wireType, LENGTH_DELIMITED, where);
      return schema.format === 'byte' ? base64(reader.bytes()) : reader.string();
    case 'integer':
      expectWireType(wireType, VARINT, where);
      return schema.format === 'int32' ? reader.int32() : reader.int64();
    case 'number':
      expectWireType(wireType, FIXED64, where);
      return reader.double();
    case 'boolean':
      expectWireType(wireType, VARINT, where);
      return reader.bool();
    case 'ref': {
      expectWireType(wireType, LENGTH_DELIMITED, where);
      const into = typeof previous === 'object' && previous !== null ? (previous as JSONObject) : {};
      return decodeMessage(reader.bytes(), schema.name, ctx, depth + 1, into);
    }
    case 'quantity':
      expectWireType(wireType, LENGTH_DELIMITED, where);
      return decodeQuantity(reader.bytes(), where);
    case 'int-or-string':
      expectWireType(wireType, LENGTH_DELIMITED, where);
      return decodeIntOrString(reader.bytes(), where);
    case 'time':
      expectWireType(wireType, LENGTH_DELIMITED, where);
      return decodeTime(reader.bytes(), schema.micro === true, where);
    case 'any':
      expectWireType(wireType, LENGTH_DELIMITED, where);
      return decodeRaw(rawBytes(reader.bytes(), where), where, ctx, depth + 1);
    case 'array':
    case 'map':
      throw new ProtobufDecodeError(`${where}: a ${schema.type} nested in a list or map needs a protobuf wrapper message`);
  }
}

function decodeRaw(raw: Uint8Array, where: string, ctx: DecodeContext, depth: number): unknown {
  const magic = raw.length >= 4 && raw[0] === 0x6b && raw[1] === 0x38 && raw[2] === 0x73 && raw[3] === 0x00;
  return magic ? ctx.embedded(raw, depth) : parseRawJSON(raw, where);
}

/** The JSON value a wrapper message stands for, following each wrapper's MarshalJSON upstream. */
function unwrap(bytes: Uint8Array, wrapper: string, where: string, ctx: DecodeContext, depth: number): unknown {
  const short = wrapper.slice(wrapper.lastIndexOf('.') + 1);
  if (short === 'RawExtension' || short === 'JSON' || short === 'FieldsV1') return decodeRaw(rawBytes(bytes, where), where, ctx, depth);
  const message = decodeMessage(bytes, wrapper, ctx, depth);
  switch (short) {
    case 'JSONSchemaPropsOrArray':
      return nonEmpty(message.jSONSchemas) ?? message.schema ?? null;
    case 'JSONSchemaPropsOrBool':
      return message.schema ?? message.allows === true;
    case 'JSONSchemaPropsOrStringArray':
      return nonEmpty(message.property) ?? message.schema ?? null;
  }
  // A list wrapper (Verbs, ExtraValue): one repeated field whose list is the JSON value.
  const fields = Object.entries(typeDef(ctx, wrapper).fields);
  if (fields.length !== 1) throw new ProtobufDecodeError(`${where}: unsupported protobuf wrapper ${wrapper}`);
  const [name, field] = fields[0]!;
  return message[name] ?? zeroValue(field.schema);
}

function nonEmpty(value: unknown): unknown[] | undefined {
  return Array.isArray(value) && value.length > 0 ? value : undefined;
}

function isScalar(schema: Schema): boolean {
  return schema.type === 'string' || schema.type === 'integer' || schema.type === 'number' || schema.type === 'boolean' || schema.type === 'int-or-string';
}

function isZero(value: unknown): boolean {
  return value === '' || value === 0 || value === false;
}

/** Go's zero value in JSON form, for map entries that omit their value. */
function zeroValue(schema: Schema): unknown {
  switch (schema.type) {
    case 'string':
      return '';
    case 'integer':
    case 'number':
    case 'int-or-string':
      return 0;
    case 'boolean':
      return false;
    case 'quantity':
      return '0';
    case 'ref':
    case 'map':
      return {};
    case 'array':
      return [];
    case 'time':
    case 'any':
      return null;
  }
}
