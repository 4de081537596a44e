import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeReference, parseReference } from './reference.ts';

const digest = `sha256:${'a'.repeat(64)}`;

test('normalizeReference matches Docker and containerd', () => {
  const cases: [string, string][] = [
    ['busybox', 'docker.io/library/busybox:latest'],
    ['busybox:1.36', 'docker.io/library/busybox:1.36'],
    ['atseashop/api:v1.3', 'docker.io/atseashop/api:v1.3'],
    ['docker.io/atseashop/api:v1.3', 'docker.io/atseashop/api:v1.3'],
    ['index.docker.io/library/nginx', 'docker.io/library/nginx:latest'],
    ['localhost/app', 'localhost/app:latest'],
    ['127.0.0.1:5000/atseashop/api:v1.3', '127.0.0.1:5000/atseashop/api:v1.3'],
    ['quay.io/coreos/etcd:v3.5.0', 'quay.io/coreos/etcd:v3.5.0'],
    [`busybox@${digest}`, `docker.io/library/busybox@${digest}`],
    [`busybox:1@${digest}`, `docker.io/library/busybox:1@${digest}`],
  ];
  for (const [input, want] of cases) assert.equal(normalizeReference(input), want, input);
});

test('parseReference rejects malformed references', () => {
  for (const bad of ['', 'Busybox', 'busybox:', 'busybox@sha256:abc', 'a//b', 'busybox:-x', ':tag']) {
    assert.throws(() => parseReference(bad), /invalid image reference/, bad);
  }
});

test('parseReference splits domain, path, tag and digest', () => {
  assert.deepEqual(parseReference('127.0.0.1:5000/a/b:v1'), { domain: '127.0.0.1:5000', path: 'a/b', tag: 'v1' });
  assert.deepEqual(parseReference(`x.io/a@${digest}`), { domain: 'x.io', path: 'a', digest });
});
