// The official clients against a real `kites server`: @kubernetes/client-node (CRUD and an informer) and
// Debian's python3-kubernetes (list, create, watch), each used exactly as its users would.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { startKitesServer, type KitesServer } from '../support/kites-server.ts';

const mergePatch = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch);
const strategicPatch = k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch);

function deployment(name: string, namespace: string, image: string): k8s.V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image, ports: [{ containerPort: 8080 }] }] } },
    },
  };
}

/** Resolves when `check` passes, polling briefly; rejects with the last failure after `ms`. */
async function eventually(check: () => void, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** The status code of a rejected client call (client-node 1.x throws ApiException with `code`). */
async function rejectionCode(call: Promise<unknown>): Promise<number> {
  try {
    await call;
  } catch (err) {
    return (err as { code?: number }).code ?? -1;
  }
  assert.fail('the call should have been rejected');
}

describe('official clients against kites server', { timeout: 180_000 }, () => {
  let server: KitesServer;
  let kc: k8s.KubeConfig;
  let core: k8s.CoreV1Api;
  let apps: k8s.AppsV1Api;

  before(async () => {
    server = await startKitesServer();
    kc = new k8s.KubeConfig();
    kc.loadFromFile(server.kubeconfig);
    core = kc.makeApiClient(k8s.CoreV1Api);
    apps = kc.makeApiClient(k8s.AppsV1Api);
    for (const name of ['js', 'py']) await core.createNamespace({ body: { metadata: { name } } });
  });
  after(async () => {
    await server?.stop();
  });

  describe('@kubernetes/client-node', () => {
    test('ConfigMap: create, read, list, patch, replace, delete', async () => {
      const namespace = 'js';
      const created = await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'settings', labels: { tier: 'web' } }, data: { a: '1' } } });
      assert.equal(created.metadata?.namespace, namespace);
      assert.ok(created.metadata?.uid);
      assert.ok(created.metadata?.resourceVersion);
      assert.ok(created.metadata?.creationTimestamp instanceof Date, 'creationTimestamp deserializes as a date');

      const read = await core.readNamespacedConfigMap({ name: 'settings', namespace });
      assert.deepEqual(read.data, { a: '1' });
      assert.equal(read.metadata?.uid, created.metadata?.uid);

      await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'other' }, data: { b: '2' } } });
      const list = await core.listNamespacedConfigMap({ namespace });
      assert.equal(list.kind, 'ConfigMapList');
      assert.ok(list.metadata?.resourceVersion);
      assert.deepEqual(list.items.map((c) => c.metadata?.name).sort(), ['other', 'settings']);
      const byLabel = await core.listNamespacedConfigMap({ namespace, labelSelector: 'tier=web' });
      assert.deepEqual(byLabel.items.map((c) => c.metadata?.name), ['settings']);

      const jsonPatched = await core.patchNamespacedConfigMap({ name: 'settings', namespace, body: [{ op: 'add', path: '/data/j', value: 'json' }] });
      assert.deepEqual(jsonPatched.data, { a: '1', j: 'json' });
      const merged = await core.patchNamespacedConfigMap({ name: 'settings', namespace, body: { data: { a: null, m: 'merge' } } }, mergePatch);
      assert.deepEqual(merged.data, { j: 'json', m: 'merge' });

      const replaced = await core.replaceNamespacedConfigMap({ name: 'settings', namespace, body: { ...merged, data: { only: 'this' } } });
      assert.deepEqual(replaced.data, { only: 'this' });
      assert.notEqual(replaced.metadata?.resourceVersion, merged.metadata?.resourceVersion);
      const stale = { ...merged, data: { lost: 'update' } };
      assert.equal(await rejectionCode(core.replaceNamespacedConfigMap({ name: 'settings', namespace, body: stale })), 409);

      await core.deleteNamespacedConfigMap({ name: 'settings', namespace });
      assert.equal(await rejectionCode(core.readNamespacedConfigMap({ name: 'settings', namespace })), 404);
      const after = await core.listNamespacedConfigMap({ namespace });
      assert.deepEqual(after.items.map((c) => c.metadata?.name), ['other']);
    });

    test('Deployment: create, read, list, patch, replace, delete', async () => {
      const namespace = 'js';
      const created = await apps.createNamespacedDeployment({ namespace, body: deployment('web', namespace, 'atseashop/api:v1.3') });
      assert.equal(created.metadata?.generation, 1);
      assert.equal(created.spec?.strategy?.type, 'RollingUpdate', 'defaults are applied');

      const read = await apps.readNamespacedDeployment({ name: 'web', namespace });
      assert.equal(read.spec?.template.spec?.containers[0]?.image, 'atseashop/api:v1.3');
      const all = await apps.listDeploymentForAllNamespaces();
      assert.ok(all.items.some((d) => d.metadata?.namespace === namespace && d.metadata?.name === 'web'));

      const scaled = await apps.patchNamespacedDeployment({ name: 'web', namespace, body: { spec: { replicas: 4 } } }, mergePatch);
      assert.equal(scaled.spec?.replicas, 4);
      assert.equal(scaled.metadata?.generation, 2);
      const smp = { spec: { template: { spec: { containers: [{ name: 'web', env: [{ name: 'MODE', value: 'prod' }] }] } } } };
      const withEnv = await apps.patchNamespacedDeployment({ name: 'web', namespace, body: smp }, strategicPatch);
      const container = withEnv.spec?.template.spec?.containers[0];
      assert.equal(container?.image, 'atseashop/api:v1.3', 'strategic merge keeps the container by name');
      assert.deepEqual(JSON.parse(JSON.stringify(container?.env)), [{ name: 'MODE', value: 'prod' }]);

      withEnv.spec!.template.spec!.containers[0]!.image = 'atseashop/api:v1.4';
      const replaced = await apps.replaceNamespacedDeployment({ name: 'web', namespace, body: withEnv });
      assert.equal(replaced.spec?.template.spec?.containers[0]?.image, 'atseashop/api:v1.4');
      assert.equal(replaced.metadata?.generation, 4);

      const scale = await apps.readNamespacedDeploymentScale({ name: 'web', namespace });
      assert.equal(scale.spec?.replicas, 4);

      await apps.deleteNamespacedDeployment({ name: 'web', namespace });
      assert.equal(await rejectionCode(apps.readNamespacedDeployment({ name: 'web', namespace })), 404);
    });

    test('an informer on ConfigMaps sees add, update and delete', async () => {
      const namespace = 'js';
      const informer = k8s.makeInformer(kc, `/api/v1/namespaces/${namespace}/configmaps`, () => core.listNamespacedConfigMap({ namespace }));
      const seen: string[] = [];
      const errors: unknown[] = [];
      const record = (type: string) => (obj: k8s.V1ConfigMap) => seen.push(`${type} ${obj.metadata?.name} ${JSON.stringify(obj.data ?? {})}`);
      informer.on('add', record('ADDED'));
      informer.on('update', record('MODIFIED'));
      informer.on('delete', record('DELETED'));
      informer.on('error', (err) => errors.push(err));
      await informer.start();
      try {
        await eventually(() => assert.ok(seen.includes('ADDED other {"b":"2"}'), 'the initial list is delivered as adds'));
        await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'watched' }, data: { v: '1' } } });
        await eventually(() => assert.ok(seen.includes('ADDED watched {"v":"1"}'), seen.join('\n')));
        await core.patchNamespacedConfigMap({ name: 'watched', namespace, body: { data: { v: '2' } } }, mergePatch);
        await eventually(() => assert.ok(seen.includes('MODIFIED watched {"v":"2"}'), seen.join('\n')));
        await core.deleteNamespacedConfigMap({ name: 'watched', namespace });
        await eventually(() => assert.ok(seen.includes('DELETED watched {"v":"2"}'), seen.join('\n')));
        assert.equal(informer.get('watched', namespace), undefined, 'the cache forgets a deleted object');
        assert.equal(informer.get('other', namespace)?.data?.b, '2');
        assert.deepEqual(errors, []);
      } finally {
        await informer.stop();
      }
    });
  });

  describe('python3-kubernetes (Debian)', () => {
    const python = '/usr/bin/python3';

    before(() => {
      const probe = spawnSync(python, ['-c', 'import kubernetes'], { encoding: 'utf8' });
      if (probe.status !== 0) {
        assert.fail(`${python} cannot import kubernetes (${probe.stderr.trim() || probe.error}); install it with: apt-get install -y python3-kubernetes (scripts/setup.sh --test does)`);
      }
    });

    test('lists namespaces, creates a ConfigMap and watches the changes the test makes', async () => {
      const script = join(server.dataDir, 'client.py');
      await writeFile(script, pythonScript);
      const child = spawn(python, [script, server.kubeconfig, 'py'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_PROXY: '127.0.0.1', no_proxy: '127.0.0.1' } });
      const lines: Array<Record<string, unknown>> = [];
      let stderr = '';
      let buffered = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.on('data', (d: Buffer) => {
        buffered += d.toString();
        const parts = buffered.split('\n');
        buffered = parts.pop()!;
        for (const line of parts) if (line.trim()) lines.push(JSON.parse(line));
      });
      const exited = new Promise<number>((resolve) => child.once('close', (code) => resolve(code ?? 1)));
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      try {
        await Promise.race([
          eventually(() => assert.ok(lines.some((l) => l.step === 'watching')), 30_000),
          exited.then((code) => assert.fail(`the python client exited ${code} before watching\n${stderr}`)),
        ]);
        await core.createNamespacedConfigMap({ namespace: 'py', body: { metadata: { name: 'watched' }, data: { v: '1' } } });
        await core.patchNamespacedConfigMap({ name: 'watched', namespace: 'py', body: { data: { v: '2' } } }, mergePatch);
        await core.deleteNamespacedConfigMap({ name: 'watched', namespace: 'py' });
        const code = await exited;
        assert.equal(code, 0, `python client failed\n${stderr}`);
      } finally {
        clearTimeout(timer);
        child.kill();
      }
      const namespaces = lines.find((l) => l.step === 'namespaces')?.names as string[];
      for (const ns of ['default', 'kube-system', 'js', 'py']) assert.ok(namespaces.includes(ns), `namespace ${ns} listed`);
      const created = lines.find((l) => l.step === 'created');
      assert.equal(created?.name, 'from-python');
      const events = lines.filter((l) => l.step === 'event').map((l) => `${l.type} ${l.name} ${JSON.stringify(l.data)}`);
      assert.deepEqual(events, ['ADDED watched {"v":"1"}', 'MODIFIED watched {"v":"2"}', 'DELETED watched {"v":"2"}']);
      const fromPython = await core.readNamespacedConfigMap({ name: 'from-python', namespace: 'py' });
      assert.deepEqual(fromPython.data, { lang: 'python' });
    });
  });
});

// Prints one JSON line per step; watches from the resourceVersion of its own create, so it sees exactly
// the changes made after it says "watching", and stops at the DELETED of the watched object.
const pythonScript = `
import json, sys
from kubernetes import client, config, watch

def emit(**fields):
    print(json.dumps(fields), flush=True)

config.load_kube_config(config_file=sys.argv[1])
namespace = sys.argv[2]
v1 = client.CoreV1Api()
emit(step="namespaces", names=[n.metadata.name for n in v1.list_namespace().items])
body = client.V1ConfigMap(metadata=client.V1ObjectMeta(name="from-python"), data={"lang": "python"})
created = v1.create_namespaced_config_map(namespace, body)
emit(step="created", name=created.metadata.name, rv=created.metadata.resource_version)
w = watch.Watch()
emit(step="watching")
for event in w.stream(v1.list_namespaced_config_map, namespace, resource_version=created.metadata.resource_version, timeout_seconds=30):
    obj = event["object"]
    emit(step="event", type=event["type"], name=obj.metadata.name, data=obj.data)
    if event["type"] == "DELETED" and obj.metadata.name == "watched":
        w.stop()
`;
