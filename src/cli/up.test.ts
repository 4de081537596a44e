import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { mergeKubeconfig } from './kubeconfig-merge.ts';

const kitesConfig = {
  apiVersion: 'v1',
  kind: 'Config',
  clusters: [{ name: 'kites', cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority-data': 'Q0E=' } }],
  users: [{ name: 'admin', user: { 'client-certificate-data': 'Q0VSVA==', 'client-key-data': 'S0VZ' } }],
  contexts: [{ name: 'kites', context: { cluster: 'kites', user: 'admin' } }],
  'current-context': 'kites',
};

test('mergeKubeconfig adds a kites context and keeps what was there', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kites-merge-'));
  try {
    const source = join(dir, 'kites.yaml');
    const target = join(dir, 'config');
    await writeFile(source, yaml.dump(kitesConfig));
    await writeFile(target, yaml.dump({ apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'prod', cluster: { server: 'https://prod' } }], contexts: [{ name: 'prod', context: { cluster: 'prod' } }], 'current-context': 'prod' }));
    await mergeKubeconfig(source, target);
    await mergeKubeconfig(source, target);
    const merged = yaml.load(await readFile(target, 'utf8')) as typeof kitesConfig;
    assert.deepEqual(merged.clusters.map((c) => c.name), ['prod', 'kites'], 'merging twice adds it once');
    assert.deepEqual(merged.contexts.map((c) => c.name), ['prod', 'kites']);
    assert.equal(merged['current-context'], 'prod', 'the current context is left alone');
    assert.equal(merged.users[0]!.name, 'kites-admin');

    const fresh = join(dir, 'fresh');
    await mergeKubeconfig(source, fresh);
    assert.equal((yaml.load(await readFile(fresh, 'utf8')) as typeof kitesConfig)['current-context'], 'kites', 'an empty kubeconfig gets kites as current');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
