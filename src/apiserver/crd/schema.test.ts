// Pruning, defaulting and validation of custom objects against a structural schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultCustomObject } from './defaults.ts';
import { pruneCustomObject } from './prune.ts';
import { widgetSchema } from './testing.ts';
import { validateCustomObject } from './validate.ts';

const widget = (spec: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec, ...extra });

test('pruning drops unknown fields, keeps preserved ones and type meta', () => {
  const obj = widget(
    { color: 'red', size: 3, ports: [{ port: 80, name: 'http' }], labels: { a: 'b' }, extra: { anything: { goes: 1 } }, template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { image: 'x', bogus: 1 } }, note: null, name: null },
    { junk: true },
  );
  const removed = pruneCustomObject(obj, widgetSchema);
  assert.deepEqual(removed.sort(), ['junk', 'spec.ports[0].name', 'spec.size', 'spec.template.spec.bogus']);
  assert.deepEqual(obj, widget({ color: 'red', ports: [{ port: 80 }], labels: { a: 'b' }, extra: { anything: { goes: 1 } }, template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { image: 'x' } }, note: null }));
});

test('defaults fill absent fields, top-down, inside lists too', () => {
  const obj = widget({ color: 'red', ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }] });
  defaultCustomObject(obj, widgetSchema);
  assert.deepEqual(obj.spec, { color: 'red', replicas: 1, ports: [{ port: 80, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] });
  const explicit = widget({ color: 'red', replicas: 0 });
  defaultCustomObject(explicit, widgetSchema);
  assert.equal(explicit.spec.replicas, 0, 'a zero is a value, not an absence');
});

test('validation causes, worded as upstream', () => {
  const cases: [string, Record<string, unknown>, [string, string, string][]][] = [
    ['valid', { color: 'red', replicas: 3, name: 'abc', port: 'http', tags: ['a'], ports: [{ port: 1 }], note: null }, []],
    ['int-or-string accepts numbers', { color: 'red', port: 8080 }, []],
    ['type', { color: 'red', replicas: 'two' }, [['FieldValueTypeInvalid', 'spec.replicas', 'Invalid value: "string": spec.replicas in body must be of type integer: "string"']]],
    ['float for integer', { color: 'red', replicas: 1.5 }, [['FieldValueTypeInvalid', 'spec.replicas', 'Invalid value: "number": spec.replicas in body must be of type integer: "number"']]],
    ['required', {}, [['FieldValueRequired', 'spec.color', 'Required value']]],
    ['enum', { color: 'pink' }, [['FieldValueNotSupported', 'spec.color', 'Unsupported value: "pink": supported values: "red", "green", "blue"']]],
    ['maximum', { color: 'red', replicas: 11 }, [['FieldValueInvalid', 'spec.replicas', 'Invalid value: 11: spec.replicas in body should be less than or equal to 10']]],
    ['minimum', { color: 'red', replicas: -1 }, [['FieldValueInvalid', 'spec.replicas', 'Invalid value: -1: spec.replicas in body should be greater than or equal to 0']]],
    ['minLength', { color: 'red', name: 'a' }, [['FieldValueInvalid', 'spec.name', 'Invalid value: "a": spec.name in body should be at least 2 chars long']]],
    ['maxLength', { color: 'red', name: 'abcdef' }, [['FieldValueTooLong', 'spec.name', 'Too long: must have at most 5 bytes']]],
    ['pattern', { color: 'red', name: 'AB' }, [['FieldValueInvalid', 'spec.name', "Invalid value: \"AB\": spec.name in body should match '^[a-z]+$'"]]],
    ['maxItems', { color: 'red', tags: ['a', 'b', 'c'] }, [['FieldValueTooMany', 'spec.tags', 'Too many: 3: must have at most 2 items']]],
    ['minItems', { color: 'red', ports: [] }, [['FieldValueInvalid', 'spec.ports', 'Invalid value: 0: spec.ports in body should have at least 1 items']]],
    ['set duplicates', { color: 'red', tags: ['a', 'a'] }, [['FieldValueDuplicate', 'spec.tags[1]', 'Duplicate value: "a"']]],
    ['int-or-string refuses objects', { color: 'red', port: {} }, [['FieldValueTypeInvalid', 'spec.port', 'Invalid value: "object": spec.port in body must be of type integer,string: "object"']]],
    ['map values', { color: 'red', labels: { a: 1 } }, [['FieldValueTypeInvalid', 'spec.labels.a', 'Invalid value: "integer": spec.labels.a in body must be of type string: "integer"']]],
    ['list items', { color: 'red', ports: [{ port: 'x' }] }, [['FieldValueTypeInvalid', 'spec.ports[0].port', 'Invalid value: "string": spec.ports[0].port in body must be of type integer: "string"']]],
    ['not nullable', { color: null }, [['FieldValueTypeInvalid', 'spec.color', 'Invalid value: "null": spec.color in body must be of type string: "null"']]],
  ];
  for (const [name, spec, want] of cases) {
    const got = validateCustomObject(widget(spec), widgetSchema).map((c) => [c.reason, c.field, c.message]);
    assert.deepEqual(got, want, name);
  }
});

test('the root type meta and metadata are not the schema\'s to judge', () => {
  assert.deepEqual(validateCustomObject({ apiVersion: 'x', kind: 'y', metadata: { name: 'w' }, spec: { color: 'red' } }, { ...widgetSchema, required: ['metadata'] }), []);
});
