import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_BODY_DEPTH, parseText } from './body.ts';
import { ApiError } from './status.ts';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const nestedYaml = (depth: number) => '{a: '.repeat(depth) + '1' + '}'.repeat(depth);

test('parseText accepts bodies up to the depth limit and rejects deeper ones with 400', () => {
  const cases: Array<[string, string, 'json' | 'yaml', number | undefined]> = [
    ['JSON at the limit', nested(MAX_BODY_DEPTH), 'json', undefined],
    ['JSON one deeper', nested(MAX_BODY_DEPTH + 1), 'json', 400],
    ['JSON far deeper than the stack', '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000), 'json', 400],
    ['YAML one deeper', nestedYaml(MAX_BODY_DEPTH + 1), 'yaml', 400],
    ['malformed JSON', '{"a":', 'json', 400],
  ];
  for (const [what, text, format, code] of cases) {
    if (code === undefined) {
      assert.doesNotThrow(() => parseText(Buffer.from(text), format), what);
      continue;
    }
    assert.throws(() => parseText(Buffer.from(text), format), (err) => err instanceof ApiError && err.code === code && err.reason === 'BadRequest', what);
  }
});
