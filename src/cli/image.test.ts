import { test } from 'node:test';
import assert from 'node:assert/strict';
import { humanSize, imageTable } from './image.ts';
import type { ImageRecord } from '../kubelet/images/store.ts';

test('humanSize uses Docker\'s decimal units', () => {
  const cases: [number, string][] = [[980, '980B'], [2_012_345, '2.01MB'], [512_000, '512kB'], [1_500_000_000, '1.5GB']];
  for (const [bytes, want] of cases) assert.equal(humanSize(bytes), want);
});

test('imageTable: one row per tag, untagged as <none>', () => {
  const image = (id: string, repoTags: string[], lastUsed: number): ImageRecord => ({ id: `sha256:${id.repeat(64)}`, manifestDigest: '', repoTags, repoDigests: [], layers: [], size: 2_012_345, lastUsed });
  const table = imageTable([image('a', ['docker.io/atseashop/api:v1.3', '127.0.0.1:5000/atseashop/api:v1.3'], 2), image('b', [], 1)]);
  assert.equal(table, [
    'REPOSITORY                     TAG      IMAGE ID       SIZE',
    'docker.io/atseashop/api        v1.3     aaaaaaaaaaaa   2.01MB',
    '127.0.0.1:5000/atseashop/api   v1.3     aaaaaaaaaaaa   2.01MB',
    '<none>                         <none>   bbbbbbbbbbbb   2.01MB',
    '',
  ].join('\n'));
});
