import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter, MAX_RECORD, rfc3339Nano } from './cri-log.ts';

const t0 = 1_700_000_000_123_456_789n;

test('RFC3339Nano drops trailing zeros like Go', () => {
  assert.equal(rfc3339Nano(t0), '2023-11-14T22:13:20.123456789Z');
  assert.equal(rfc3339Nano(1_700_000_000_120_000_000n), '2023-11-14T22:13:20.12Z');
  assert.equal(rfc3339Nano(1_700_000_000_000_000_000n), '2023-11-14T22:13:20Z');
});

const cases: { name: string; chunks: string[]; want: string[] }[] = [
  { name: 'whole lines', chunks: ['a\nb\n'], want: ['stdout F a', 'stdout F b'] },
  { name: 'a line split across writes', chunks: ['hel', 'lo\nwor', 'ld\n'], want: ['stdout F hello', 'stdout F world'] },
  { name: 'an empty line', chunks: ['\n'], want: ['stdout F '] },
  { name: 'no final newline (flushed)', chunks: ['tail'], want: ['stdout F tail'] },
  { name: 'an over-long line in pieces', chunks: ['x'.repeat(MAX_RECORD + 3) + '\n'], want: [`stdout P ${'x'.repeat(MAX_RECORD)}`, 'stdout F xxx'] },
];
for (const c of cases) {
  test(`CRI records: ${c.name}`, () => {
    const s = new LineSplitter('stdout', () => t0);
    const out = c.chunks.map((x) => s.push(Buffer.from(x))).join('') + s.flush();
    assert.deepEqual(out.split('\n').slice(0, -1), c.want.map((w) => `2023-11-14T22:13:20.123456789Z ${w}`));
  });
}
