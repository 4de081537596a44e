import { test } from 'node:test';
import assert from 'node:assert/strict';
import { node, pod } from '../../testing/builders.ts';
import { scoresFor } from '../../testing/run-plugin.ts';
import { Snapshot } from '../../framework/cache.ts';
import { fakeHandle } from '../../testing/run-plugin.ts';
import { ImageLocality, imageScore, normalizedImageName } from './image-locality.ts';
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';

const MB = 1024 * 1024;

function scores(p: Pod, nodes: Node[]): number[] {
  const plugin = new ImageLocality(fakeHandle(Snapshot.of(nodes)));
  return scoresFor(plugin, p, nodes);
}

test('normalizedImageName', () => {
  for (const [input, want] of [
    ['nginx', 'nginx:latest'],
    ['nginx:1.25', 'nginx:1.25'],
    ['localhost:5000/app', 'localhost:5000/app:latest'],
    ['localhost:5000/app:v1', 'localhost:5000/app:v1'],
  ]) assert.equal(normalizedImageName(input!), want);
});

test('imageScore clamps between the thresholds', () => {
  assert.equal(imageScore(0, 1), 0);
  assert.equal(imageScore(23 * MB, 1), 0);
  assert.equal(imageScore(1000 * MB, 1), 100);
  assert.equal(imageScore(5000 * MB, 1), 100);
  assert.equal(imageScore(500 * MB, 2), Math.trunc((100 * (500 - 23)) / (2000 - 23)));
});

test('ImageLocality prefers nodes holding big images, discounted by spread', () => {
  const big = { names: ['app:v1'], sizeBytes: 500 * MB };
  const small = { names: ['tiny:latest'], sizeBytes: 10 * MB };
  const cases = [
    { name: 'only one node has it', pod: pod('p').container({ image: 'app:v1' }), nodes: [node('a').images(big), node('b')], want: [Math.trunc((100 * (250 - 23)) / (1000 - 23)), 0] },
    { name: 'both have it', pod: pod('p').container({ image: 'app:v1' }), nodes: [node('a').images(big), node('b').images(big)], want: [Math.trunc((100 * (500 - 23)) / (1000 - 23)), Math.trunc((100 * (500 - 23)) / (1000 - 23))] },
    { name: 'small images score nothing', pod: pod('p').container({ image: 'tiny' }), nodes: [node('a').images(small), node('b')], want: [0, 0] },
  ];
  for (const c of cases) assert.deepEqual(scores(c.pod.obj(), c.nodes.map((n) => n.obj())), c.want, c.name);
});
