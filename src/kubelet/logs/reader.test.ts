import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realClock } from '../../client/clock.ts';
import { streamContainerLog, type LogStreamOptions } from './reader.ts';

const dir = await mkdtemp(join(tmpdir(), 'kites-logs-'));
after(() => rm(dir, { recursive: true, force: true }));

const rec = (second: number, text: string, stream = 'stdout', tag = 'F') => `2024-01-01T00:00:${String(second).padStart(2, '0')}Z ${stream} ${tag} ${text}\n`;
const file = join(dir, '0.log');
await writeFile(file, rec(1, 'one') + rec(2, 'tw', 'stdout', 'P') + rec(2, 'o') + rec(3, 'three', 'stderr') + rec(4, 'four'));

const cases: { name: string; options: LogStreamOptions; want: string }[] = [
  { name: 'everything', options: {}, want: 'one\ntwo\nthree\nfour\n' },
  { name: 'tailLines', options: { tailLines: 2 }, want: 'three\nfour\n' },
  { name: 'tailLines 0', options: { tailLines: 0 }, want: '' },
  { name: 'since', options: { sinceMs: Date.UTC(2024, 0, 1, 0, 0, 3) }, want: 'three\nfour\n' },
  { name: 'timestamps', options: { tailLines: 1, timestamps: true }, want: '2024-01-01T00:00:04Z four\n' },
  { name: 'limitBytes', options: { limitBytes: 6 }, want: 'one\ntw' },
];
for (const c of cases) {
  test(`streamContainerLog: ${c.name}`, async () => {
    let out = '';
    await streamContainerLog(file, c.options, (b) => void (out += b.toString()), { clock: realClock, signal: new AbortController().signal, running: async () => true });
    assert.equal(out, c.want);
  });
}

test('follow sees later lines and ends once the container has stopped', async () => {
  const f = join(dir, 'follow.log');
  await writeFile(f, rec(1, 'first'));
  let running = true;
  let out = '';
  const done = streamContainerLog(f, { follow: true }, (b) => void (out += b.toString()), { clock: realClock, signal: new AbortController().signal, running: async () => running, pollMs: 10 });
  await new Promise((r) => setTimeout(r, 50));
  await appendFile(f, rec(2, 'second'));
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(out, 'first\nsecond\n');
  await appendFile(f, rec(3, 'last words'));
  running = false;
  await done;
  assert.equal(out, 'first\nsecond\nlast words\n');
});

test('follow stops when the reader goes away', async () => {
  const abort = new AbortController();
  const done = streamContainerLog(file, { follow: true, tailLines: 1 }, () => undefined, { clock: realClock, signal: abort.signal, running: async () => true, pollMs: 10 });
  setTimeout(() => abort.abort(), 30);
  await done;
});
