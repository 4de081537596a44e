import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TypeDef } from '../api/schema/types.ts';
import { unknownFields } from './field-validation.ts';

const types: Record<string, TypeDef> = {
  Obj: { name: 'Obj', fields: { metadata: { schema: { type: 'ref', name: 'Meta' } }, data: { schema: { type: 'map', values: { type: 'string' } } } } },
  Meta: { name: 'Meta', fields: { name: { schema: { type: 'string' } } } },
};
const lookup = { type: (name: string) => types[name] };

test('unknownFields reports fields the schema does not declare, including Object.prototype names', () => {
  const cases: Array<[string, unknown, string[]]> = [
    ['known fields', { apiVersion: 'v1', kind: 'Obj', metadata: { name: 'x' }, data: { a: 'b' } }, []],
    ['unknown nested field', { metadata: { nam: 'x' } }, ['metadata.nam']],
    ['__proto__ as an own key', JSON.parse('{"metadata":{"__proto__":[]}}'), ['metadata.__proto__']],
    ['constructor and toString', { metadata: { constructor: 1 }, toString: {} }, ['metadata.constructor', 'toString']],
  ];
  for (const [what, value, expected] of cases) assert.deepEqual(unknownFields(value, 'Obj', lookup), expected, what);
});
