import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { inClusterConfig, loadKubeconfig, parseKubeconfig } from './config.ts';

const b64 = (s: string) => Buffer.from(s).toString('base64');

function kubeconfig(user: Record<string, unknown>, cluster: Record<string, unknown> = { server: 'https://127.0.0.1:6443', 'certificate-authority-data': b64('CA PEM') }): string {
  return yaml.dump({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'c', cluster }],
    users: [{ name: 'u', user }],
    contexts: [
      { name: 'ctx', context: { cluster: 'c', user: 'u', namespace: 'team' } },
      { name: 'other', context: { cluster: 'missing', user: 'u' } },
    ],
    'current-context': 'ctx',
  });
}

test('kubeconfig with embedded client certificate data', async () => {
  const config = await parseKubeconfig(kubeconfig({ 'client-certificate-data': b64('CERT'), 'client-key-data': b64('KEY') }));
  assert.deepEqual(config, { server: 'https://127.0.0.1:6443', ca: 'CA PEM', cert: 'CERT', key: 'KEY', namespace: 'team' });
});

test('kubeconfig with a token and file references relative to the kubeconfig', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kites-client-'));
  try {
    await writeFile(join(dir, 'ca.crt'), 'CA FILE');
    const path = join(dir, 'config');
    await writeFile(path, kubeconfig({ token: 'abc' }, { server: 'https://h:1', 'certificate-authority': 'ca.crt', 'insecure-skip-tls-verify': true }));
    assert.deepEqual(await loadKubeconfig(path), { server: 'https://h:1', ca: 'CA FILE', insecureSkipTLSVerify: true, token: 'abc', namespace: 'team' });
  } finally {
    await rm(dir, { recursive: true });
  }
});

test('kubeconfig errors name what is missing', async () => {
  await assert.rejects(parseKubeconfig(kubeconfig({}), { context: 'nope' }), /context "nope" not found/);
  await assert.rejects(parseKubeconfig(kubeconfig({}), { context: 'other' }), /cluster "missing" not found/);
});

test('in-cluster config reads the service account files and the service environment', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kites-sa-'));
  try {
    await writeFile(join(dir, 'ca.crt'), 'SA CA');
    await writeFile(join(dir, 'token'), 'tok\n');
    await writeFile(join(dir, 'namespace'), 'kube-system');
    const config = await inClusterConfig({ dir, env: { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' } });
    assert.deepEqual(config, { server: 'https://[fd00::1]:443', ca: 'SA CA', tokenFile: join(dir, 'token'), namespace: 'kube-system' });
    await assert.rejects(inClusterConfig({ dir, env: {} }), /not running in a cluster/);
  } finally {
    await rm(dir, { recursive: true });
  }
});
