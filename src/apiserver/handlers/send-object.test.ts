import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ServerResponse, type IncomingMessage } from 'node:http';
import { warningText } from './send-object.ts';

test('warningText is a header value Node accepts and carries the UTF-8 bytes of the text', () => {
  const cases: Array<[string, string]> = [
    ['unknown field "spec.foo"', '"unknown field \\"spec.foo\\""'],
    ['unknown field "irЖ漢"', '"unknown field \\"irЖ漢\\""'],
    ['line\nbreak and \x7f', '"line\\nbreak and \\u007f"'],
  ];
  for (const [text, expected] of cases) {
    const value = warningText(text);
    assert.equal(Buffer.from(value, 'latin1').toString('utf8'), expected);
    const res = new ServerResponse({ method: 'GET' } as IncomingMessage);
    assert.doesNotThrow(() => res.setHeader('Warning', [`299 - ${value}`]), text);
  }
});
