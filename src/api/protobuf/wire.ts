// Reading the protobuf wire format. protobufjs' Reader (a well-kept, widely used library) does the
// varint, 64-bit, fixed-width and UTF-8 work; this wrapper adds what decoding request bodies needs on
// top: every read bounds-checked and failing as a ProtobufDecodeError, length-delimited values returned
// as views into the input (a length prefix can never make us allocate more than the body holds), and
// unknown fields skipped by wire type.
import protobuf from 'protobufjs/minimal.js';
import { ProtobufDecodeError } from './error.ts';

export const VARINT = 0;
export const FIXED64 = 1;
export const LENGTH_DELIMITED = 2;
export const FIXED32 = 5;

const WIRE_TYPE_NAMES = ['varint', 'fixed64', 'length-delimited', 'start-group', 'end-group', 'fixed32'];

/** Throws unless a known field arrived with the wire type its schema calls for. */
export function expectWireType(got: number, want: number, where: string): void {
  if (got !== want) {
    throw new ProtobufDecodeError(`${where}: wire type ${WIRE_TYPE_NAMES[got]}, want ${WIRE_TYPE_NAMES[want]}`);
  }
}

export interface Tag {
  field: number;
  wireType: number;
}

export class WireReader {
  private readonly reader: protobuf.Reader;

  constructor(bytes: Uint8Array) {
    this.reader = protobuf.Reader.create(bytes);
  }

  atEnd(): boolean {
    return this.reader.pos >= this.reader.len;
  }

  /** The next field's tag, or undefined at the end of the message. */
  next(): Tag | undefined {
    if (this.atEnd()) return undefined;
    const at = this.reader.pos;
    const tag = this.read(() => this.reader.uint32());
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (field === 0) throw new ProtobufDecodeError(`malformed protobuf: field number 0 at offset ${at}`);
    if (wireType > FIXED32) throw new ProtobufDecodeError(`malformed protobuf: invalid wire type ${wireType} at offset ${at}`);
    return { field, wireType };
  }

  int32(): number {
    return this.read(() => this.reader.int32());
  }

  /** int64 as a JS number, as JSON.parse would give it (exact up to 2^53). */
  int64(): number {
    const value: protobuf.Long | number = this.read(() => this.reader.int64());
    return typeof value === 'number' ? value : protobuf.util.LongBits.from(value).toNumber(false);
  }

  bool(): boolean {
    return this.read(() => this.reader.bool());
  }

  double(): number {
    return this.read(() => this.reader.double());
  }

  string(): string {
    return this.read(() => this.reader.string());
  }

  /** A length-delimited value: a view into the input, never a copy. */
  bytes(): Uint8Array {
    return this.read(() => this.reader.bytes());
  }

  /** Skips the value of a field whose tag was just read (protobufjs bounds group nesting). */
  skip(wireType: number): void {
    this.read(() => this.reader.skipType(wireType));
  }

  private read<T>(op: () => T): T {
    const at = this.reader.pos;
    try {
      return op();
    } catch (err) {
      // protobufjs signals truncation with RangeError and bad encodings with plain Errors.
      throw new ProtobufDecodeError(`malformed protobuf at offset ${at}: ${(err as Error).message}`, { cause: err });
    }
  }
}
