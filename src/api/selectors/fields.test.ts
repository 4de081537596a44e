import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseFieldSelector } from './fields.ts';
import { SelectorError } from './errors.ts';

const pod: Record<string, string> = { 'metadata.name': 'web-1', 'metadata.namespace': 'default', 'spec.nodeName': 'n1', 'status.phase': 'Running' };
const fields = (f: string): string | undefined => pod[f];

describe('parseFieldSelector matching', () => {
  const cases: Array<[string, boolean]> = [
    ['', true],
    ['metadata.name=web-1', true],
    ['metadata.name==web-1', true],
    ['metadata.name!=web-1', false],
    ['spec.nodeName=n1,status.phase!=Succeeded', true],
    ['spec.nodeName=n2,status.phase!=Succeeded', false],
    ['spec.nodeName=', false],
    ['spec.schedulerName=', true], // absent fields read as ""
    ['spec.schedulerName!=x', true],
  ];
  for (const [sel, want] of cases) it(`${JSON.stringify(sel)} → ${want}`, () => assert.equal(parseFieldSelector(sel).matches(fields), want));
});

describe('parseFieldSelector parsing', () => {
  it('unescapes values', () => {
    const s = parseFieldSelector('a=x\\,y\\=z\\\\,b!=c');
    assert.deepEqual(s.requirements, [
      { field: 'a', operator: '=', value: 'x,y=z\\' },
      { field: 'b', operator: '!=', value: 'c' },
    ]);
    assert.equal(s.toString(), 'a=x\\,y\\=z\\\\,b!=c');
  });
  const bad = ['name', 'a=b,c', '=x', 'a=\\q'];
  for (const sel of bad) it(`rejects ${JSON.stringify(sel)}`, () => assert.throws(() => parseFieldSelector(sel), SelectorError));
});
