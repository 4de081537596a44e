import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { renderKubeconfig, writeAdminKubeconfig } from './kubeconfig.ts';

const material = { ca: 'CA PEM\n', cert: 'CERT PEM\n', key: 'KEY PEM\n' };
const b64 = (s: string) => Buffer.from(s).toString('base64');

test('the kubeconfig embeds the CA, certificate and key and selects its context', () => {
  const config = yaml.load(renderKubeconfig({ server: 'https://127.0.0.1:6443', ...material })) as Record<string, unknown>;
  assert.deepEqual(config, {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'kites', cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority-data': b64(material.ca) } }],
    contexts: [{ name: 'kites', context: { cluster: 'kites', user: 'admin' } }],
    'current-context': 'kites',
    users: [{ name: 'admin', user: { 'client-certificate-data': b64(material.cert), 'client-key-data': b64(material.key) } }],
    preferences: {},
  });
});

test('names can be chosen', () => {
  const text = renderKubeconfig({ server: 'https://10.41.0.1:6443', ...material, clusterName: 'c', contextName: 'x', user: 'u' });
  const config = yaml.load(text) as { contexts: unknown; 'current-context': string };
  assert.deepEqual(config.contexts, [{ name: 'x', context: { cluster: 'c', user: 'u' } }]);
  assert.equal(config['current-context'], 'x');
});

test('the admin kubeconfig is written 0600', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kites-kubeconfig-'));
  try {
    const path = join(dir, 'kubeconfig.yaml');
    await writeAdminKubeconfig(path, { server: 'https://127.0.0.1:6443', ...material });
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.match(await readFile(path, 'utf8'), /client-key-data: /);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
