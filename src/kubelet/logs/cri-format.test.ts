import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteLimit, CriLogDecoder, TailBuffer, formatLine, parseRecord } from './cri-format.ts';

const T = '2024-01-01T00:00:01.5Z';

test('parseRecord reads time, stream, tag and content', () => {
  assert.deepEqual(parseRecord(`${T} stderr F oops: x`), { time: T, ms: Date.UTC(2024, 0, 1, 0, 0, 1, 500), stream: 'stderr', partial: false, content: 'oops: x' });
  assert.equal(parseRecord(`${T} stdout P `)?.content, '');
  assert.equal(parseRecord('not a record'), undefined);
  assert.equal(parseRecord('yesterday stdout F x'), undefined);
});

const cases: { name: string; chunks: string[]; want: string[] }[] = [
  { name: 'full lines', chunks: [`${T} stdout F a\n${T} stderr F b\n`], want: ['stdout a', 'stderr b'] },
  { name: 'a record split across reads waits for its newline', chunks: [`${T} stdout F he`, `llo\n`], want: ['stdout hello'] },
  { name: 'P pieces joined with their F', chunks: [`${T} stdout P ab\n2024-01-01T00:00:02Z stdout P cd\n2024-01-01T00:00:03Z stdout F ef\n`], want: ['stdout abcdef'] },
  { name: 'pieces of another stream in between', chunks: [`${T} stdout P ab\n${T} stderr F err\n${T} stdout F cd\n`], want: ['stderr err', 'stdout abcd'] },
  { name: 'garbage skipped', chunks: [`junk\n${T} stdout F ok\n`], want: ['stdout ok'] },
  { name: 'an empty line', chunks: [`${T} stdout F \n`], want: ['stdout '] },
];
for (const c of cases) {
  test(`CriLogDecoder: ${c.name}`, () => {
    const d = new CriLogDecoder();
    const lines = c.chunks.flatMap((chunk) => d.push(Buffer.from(chunk)));
    assert.deepEqual(lines.map((l) => `${l.stream} ${l.content}`), c.want);
  });
}

test('a joined line keeps its first piece\'s time', () => {
  const [line] = new CriLogDecoder().push(`${T} stdout P a\n2024-01-01T00:00:09Z stdout F b\n`);
  assert.equal(formatLine(line!, true), `${T} ab\n`);
  assert.equal(formatLine(line!, false), 'ab\n');
});

test('TailBuffer keeps the last n lines', () => {
  const lines = Array.from({ length: 3000 }, (_, i) => ({ time: T, ms: 0, stream: 'stdout' as const, content: String(i) }));
  for (const [n, want] of [[2, ['2998', '2999']], [0, []], [undefined, lines.map((l) => l.content)]] as const) {
    const t = new TailBuffer(n);
    for (const l of lines) t.push([l]);
    assert.deepEqual(t.take().map((l) => l.content), want);
  }
});

test('ByteLimit cuts at the limit', () => {
  const b = new ByteLimit(5);
  assert.equal(b.cut('abc').toString(), 'abc');
  assert.equal(b.cut('defg').toString(), 'de');
  assert.equal(b.exhausted, true);
  assert.equal(new ByteLimit(undefined).cut('x'.repeat(100)).length, 100);
});
