import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findValues, JsonPathError, parseJsonPath, setField } from './jsonpath.ts';
import { columnCell, printerColumns } from './printer.ts';

const obj = {
  metadata: { name: 'w1', creationTimestamp: '2026-01-01T00:00:00Z' },
  spec: { color: 'blue', replicas: 3, ports: [{ port: 80 }, { port: 443 }], on: true, ratio: 0.5, 'my.key': 'x' },
};

test('JSONPath subset', () => {
  const cases: [string, unknown[]][] = [
    ['.spec.color', ['blue']],
    ['{.spec.replicas}', [3]],
    ['.spec.ports[1].port', [443]],
    ['.spec.ports[*].port', [80, 443]],
    ['.spec.ports[5].port', []],
    ['.spec.missing.deeper', []],
    [".spec['my.key']", ['x']],
    ['$.metadata.name', ['w1']],
  ];
  for (const [path, want] of cases) assert.deepEqual(findValues(obj, parseJsonPath(path)), want, path);
  for (const bad of ['spec.color', '.spec[?(@.x)]', '', '.spec..color']) assert.throws(() => parseJsonPath(bad), JsonPathError, bad);
});

test('setField creates the objects on the way', () => {
  const target: Record<string, unknown> = { spec: { color: 'red' } };
  setField(target, parseJsonPath('.spec.scale.replicas'), 4);
  assert.deepEqual(target, { spec: { color: 'red', scale: { replicas: 4 } } });
});

test('printer cells are typed like upstream', () => {
  const now = new Date('2026-01-01T00:05:00Z');
  const cases: [string, 'string' | 'integer' | 'number' | 'boolean' | 'date', unknown][] = [
    ['.spec.color', 'string', 'blue'],
    ['.spec.replicas', 'string', '3'],
    ['.spec.ports', 'string', '[{"port":80},{"port":443}]'],
    ['.spec.ports[*].port', 'integer', 80],
    ['.spec.ratio', 'number', 0.5],
    ['.spec.on', 'boolean', true],
    ['.spec.color', 'integer', null],
    ['.spec.missing', 'string', null],
    ['.metadata.creationTimestamp', 'date', '5m'],
    ['.spec.color', 'date', '<invalid>'],
  ];
  for (const [path, type, want] of cases) assert.deepEqual(columnCell(obj, parseJsonPath(path), type, now), want, `${type} ${path}`);
});

test('printer columns: Name first, the default Age column when none are declared', () => {
  assert.deepEqual(printerColumns(undefined).map((c) => [c.name, c.type]), [['Name', 'string'], ['Age', 'date']]);
  const cols = printerColumns([{ name: 'Port', type: 'integer', jsonPath: '.spec.ports[0].port', priority: 1 }]);
  assert.deepEqual(cols.map((c) => [c.name, c.priority]), [['Name', 0], ['Port', 1]]);
  assert.equal(cols[1]!.description, 'Custom resource definition column (in JSONPath format): .spec.ports[0].port');
  assert.equal(cols[1]!.cell(obj, new Date()), 80);
});
