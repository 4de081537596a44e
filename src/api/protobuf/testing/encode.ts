// Test-only protobuf encoding with protobufjs' Writer, independent of the decoder under test: each
// helper writes one field, so a test spells a message as a list of its fields.
import protobuf from 'protobufjs/minimal.js';

export type Part = (w: protobuf.Writer) => void;

const tag = (field: number, wireType: number) => (field << 3) | wireType;

export const pb = {
  str: (field: number, value: string): Part => (w) => void w.uint32(tag(field, 2)).string(value),
  bytes: (field: number, value: Uint8Array): Part => (w) => void w.uint32(tag(field, 2)).bytes(value),
  int32: (field: number, value: number): Part => (w) => void w.uint32(tag(field, 0)).int32(value),
  int64: (field: number, value: number): Part => (w) => void w.uint32(tag(field, 0)).int64(value),
  bool: (field: number, value: boolean): Part => (w) => void w.uint32(tag(field, 0)).bool(value),
  double: (field: number, value: number): Part => (w) => void w.uint32(tag(field, 1)).double(value),
  fixed32: (field: number, value: number): Part => (w) => void w.uint32(tag(field, 5)).fixed32(value),
  /** A packed repeated int64 field. */
  packed: (field: number, values: number[]): Part => (w) => {
    w.uint32(tag(field, 2)).fork();
    for (const v of values) w.int64(v);
    w.ldelim();
  },
  msg: (field: number, ...parts: Part[]): Part => (w) => {
    w.uint32(tag(field, 2)).fork();
    for (const part of parts) part(w);
    w.ldelim();
  },
  /** A proto2 group (wire types 3 and 4), which Kubernetes never sends but a decoder must skip. */
  group: (field: number, ...parts: Part[]): Part => (w) => {
    w.uint32(tag(field, 3));
    for (const part of parts) part(w);
    w.uint32(tag(field, 4));
  },
  /** One map entry { key = 1, value = 2 }. */
  entry: (field: number, key: string, value: Part): Part => pb.msg(field, pb.str(1, key), value),
};

export function message(...parts: Part[]): Uint8Array {
  const w = protobuf.Writer.create();
  for (const part of parts) part(w);
  return w.finish();
}

/** A whole request body: the k8s\0 magic and a runtime.Unknown around the object's message. */
export function body(apiVersion: string, kind: string, ...parts: Part[]): Uint8Array {
  const unknown = message(pb.msg(1, pb.str(1, apiVersion), pb.str(2, kind)), pb.bytes(2, message(...parts)), pb.str(3, ''), pb.str(4, ''));
  return new Uint8Array([0x6b, 0x38, 0x73, 0x00, ...unknown]);
}
