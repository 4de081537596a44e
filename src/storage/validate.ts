import { InvalidInputError } from './errors.ts';
import { MAX_VALUE_BYTES } from './backend.ts';

/** Keys are absolute, slash-separated, printable ASCII paths such as /registry/pods/default/web-1. */
export function checkKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > 1024 || !key.startsWith('/') || !/^[\x21-\x7e]+$/.test(key)) {
    throw new InvalidInputError('InvalidKey', `invalid key ${JSON.stringify(key)}: keys are absolute paths of printable ASCII, at most 1024 bytes`);
  }
}

export function checkPrefix(prefix: string): void {
  if (typeof prefix !== 'string' || !prefix.startsWith('/') || !/^[\x21-\x7e]*$/.test(prefix)) {
    throw new InvalidInputError('InvalidKey', `invalid prefix ${JSON.stringify(prefix)}: prefixes are absolute paths of printable ASCII`);
  }
}

export function checkValue(value: string): void {
  if (typeof value !== 'string') throw new InvalidInputError('InvalidValue', 'value must be JSON text');
  if (Buffer.byteLength(value) > MAX_VALUE_BYTES) {
    throw new InvalidInputError('ValueTooLarge', `value of ${Buffer.byteLength(value)} bytes exceeds the limit of ${MAX_VALUE_BYTES} bytes`);
  }
  try {
    JSON.parse(value);
  } catch {
    throw new InvalidInputError('InvalidValue', 'value is not valid JSON');
  }
}

export function checkTTL(ttlSeconds: number | undefined): void {
  if (ttlSeconds !== undefined && !(Number.isInteger(ttlSeconds) && ttlSeconds > 0)) {
    throw new InvalidInputError('InvalidTTL', `ttlSeconds must be a positive integer, got ${ttlSeconds}`);
  }
}
