import { test } from 'node:test';
import assert from 'node:assert/strict';
import { credentialsFor, parseChallenge, registryKey } from './auth.ts';

test('parseChallenge reads Bearer and Basic challenges', () => {
  assert.deepEqual(parseChallenge('Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull"'), {
    scheme: 'bearer',
    params: { realm: 'https://auth.example/token', service: 'registry.example', scope: 'repository:a/b:pull' },
  });
  assert.deepEqual(parseChallenge('Basic realm="basic-realm"'), { scheme: 'basic', params: { realm: 'basic-realm' } });
});

test('registryKey normalizes docker config keys', () => {
  const cases: [string, string][] = [['https://index.docker.io/v1/', 'docker.io'], ['docker.io', 'docker.io'], ['http://127.0.0.1:5000', '127.0.0.1:5000'], ['Quay.io/org', 'quay.io']];
  for (const [key, want] of cases) assert.equal(registryKey(key), want, key);
});

test('credentialsFor reads .dockerconfigjson and .dockercfg, first match wins', () => {
  const auth = Buffer.from('alice:s3cret:x').toString('base64');
  const configs = [
    JSON.stringify({ auths: { 'other.io': { auth: Buffer.from('bob:b').toString('base64') } } }),
    JSON.stringify({ auths: { 'https://127.0.0.1:5000/v2/': { auth } } }),
    JSON.stringify({ 'quay.io': { username: 'carol', password: 'c' } }),
  ];
  assert.deepEqual(credentialsFor(configs, '127.0.0.1:5000'), { username: 'alice', password: 's3cret:x' });
  assert.deepEqual(credentialsFor(configs, 'quay.io'), { username: 'carol', password: 'c' });
  assert.equal(credentialsFor(configs, 'docker.io'), undefined);
  assert.equal(credentialsFor(['not json'], 'docker.io'), undefined);
});
