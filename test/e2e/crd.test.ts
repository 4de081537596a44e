// Custom resources end to end: the real kubectl installs a CRD on a real `kites server`, then creates,
// lists, explains, validates, scales, patches, survives a server restart, and finally deletes its
// objects with the CRD.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startKitesServer, type KitesServer } from '../support/kites-server.ts';
import { eventually } from '../support/eventually.ts';

/** Retries an assertion until it holds. */
const until = (check: () => Promise<void>) => eventually(async () => (await check(), true));

const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wg], categories: [all]}
  versions:
  - name: v1
    served: true
    storage: true
    subresources:
      status: {}
      scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas, labelSelectorPath: .status.selector}
    additionalPrinterColumns:
    - {name: Color, type: string, jsonPath: .spec.color}
    - {name: Replicas, type: integer, jsonPath: .spec.replicas}
    - {name: First-Port, type: integer, jsonPath: '.spec.ports[0].port', priority: 1}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            description: What the widget should look like.
            required: [color]
            properties:
              color: {type: string, enum: [red, green, blue], description: The widget's color.}
              replicas: {type: integer, minimum: 0, maximum: 10, default: 1}
              ports:
                type: array
                items:
                  type: object
                  properties:
                    port: {type: integer}
          status:
            type: object
            properties:
              replicas: {type: integer}
              selector: {type: string}
`;

const widget = `apiVersion: example.com/v1
kind: Widget
metadata: {name: w1, namespace: default}
spec:
  color: blue
  replicas: 2
  ports: [{port: 8080}]
`;

for (const binary of ['/usr/bin/kubectl', '/usr/lib/google-cloud-sdk/bin/kubectl.1.27']) {
  describe(`custom resources with kubectl ${binary.endsWith('1.27') ? '1.27' : '(server version)'}`, { timeout: 300_000 }, () => {
    let server: KitesServer;
    let dataDir: string;
    const k = (args: string[], input?: string) => server.kubectl(args, { input, binary });
    const kr = (args: string[], input?: string) => server.kubectlResult(args, { input, binary });

    before(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'kites-e2e-crd-'));
      server = await startKitesServer({ dataDir });
    });
    after(async () => {
      await server?.stop();
      await rm(dataDir, { recursive: true, force: true });
    });

    test('a CRD becomes Established and its resource is discovered', async () => {
      await k(['apply', '-f', '-'], crd);
      await k(['wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=30s']);
      const status = JSON.parse(await k(['get', 'crd', 'widgets.example.com', '-o', 'json'])).status;
      assert.deepEqual(status.storedVersions, ['v1']);
      assert.equal(status.acceptedNames.kind, 'Widget');
      assert.equal(status.conditions.find((c: { type: string }) => c.type === 'NamesAccepted').reason, 'NoConflicts');
      await until(async () => assert.match(await k(['api-resources', '--api-group=example.com']), /^widgets\s+wg\s+example\.com\/v1\s+true\s+Widget$/m));
    });

    test('objects are created, defaulted and printed with the CRD columns', async () => {
      await until(async () => assert.match(await k(['apply', '-f', '-'], widget), /widget\.example\.com\/w1 created/));
      assert.match(await k(['get', 'wg']), /^NAME\s+COLOR\s+REPLICAS\s+AGE\n(w1)\s+blue\s+2\s+\d+s$/m);
      assert.match(await k(['get', 'widgets', '-o', 'wide']), /^NAME\s+COLOR\s+REPLICAS\s+FIRST-PORT\s+AGE\nw1\s+blue\s+2\s+8080\s+/m);
      assert.match(await k(['apply', '-f', '-'], widget.replace('replicas: 2', 'replicas: 3')), /widget\.example\.com\/w1 configured/);
      assert.match(await k(['apply', '-f', '-'], widget), /widget\.example\.com\/w1 configured/);
      await k(['create', '-f', '-'], 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w2}\nspec: {color: red}\n');
      const w2 = JSON.parse(await k(['get', 'widget', 'w2', '-o', 'json']));
      assert.equal(w2.spec.replicas, 1, 'default from the schema');
      assert.equal(w2.metadata.generation, 1);
      assert.match(await k(['get', 'all']), /widget\.example\.com\/w1/);
    });

    test('kubectl explain reads the schema', async () => {
      const out = await k(['explain', 'widget.spec']);
      assert.match(out, /What the widget should look like/);
      assert.match(out, /color\s+<string>.*-required-/);
      assert.match(out, /The widget's color/);
    });

    test('invalid objects get 422 and unknown fields are pruned or rejected', async () => {
      const bad = await kr(['apply', '-f', '-'], 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: bad}\nspec: {color: pink, replicas: "two"}\n');
      assert.notEqual(bad.code, 0);
      assert.match(bad.stderr, /spec\.color: Unsupported value: "pink": supported values: "red", "green", "blue"/);
      assert.match(bad.stderr, /spec\.replicas: Invalid value: "string": spec\.replicas in body must be of type integer: "string"/);
      const raw = await kr(['create', '-v=6', '--raw', '/apis/example.com/v1/namespaces/default/widgets', '-f', '-'], JSON.stringify({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'bad' }, spec: {} }));
      assert.match(raw.stderr, /POST https:\S+\/widgets 422 Unprocessable Entity/);
      assert.match(raw.stderr, /The Widget "bad" is invalid: spec\.color: Required value/);
      const tooMany = await kr(['apply', '-f', '-'], 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: bad}\nspec: {color: red, replicas: 11}\n');
      assert.match(tooMany.stderr, /spec\.replicas: Invalid value: 11: spec\.replicas in body should be less than or equal to 10/);
      const strict = await kr(['apply', '--validate=strict', '-f', '-'], 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w3}\nspec: {color: red, size: 3}\n');
      assert.notEqual(strict.code, 0);
      assert.match(strict.stderr, /unknown field "spec\.size"/);
      await k(['apply', '--validate=false', '-f', '-'], 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w3}\nspec: {color: red, size: 3}\n');
      const w3 = JSON.parse(await k(['get', 'widget', 'w3', '-o', 'json']));
      assert.equal(w3.spec.size, undefined, 'pruned');
    });

    test('scale, merge patch and status through their subresources', async () => {
      await k(['scale', 'widget/w1', '--replicas=5']);
      const scaled = JSON.parse(await k(['get', 'widget', 'w1', '-o', 'json']));
      assert.equal(scaled.spec.replicas, 5);
      assert.equal(scaled.metadata.generation, 4, 'two applies and the scale changed the spec');
      const scale = JSON.parse(await k(['get', '--raw', '/apis/example.com/v1/namespaces/default/widgets/w1/scale']));
      assert.equal(scale.kind, 'Scale');
      assert.equal(scale.spec.replicas, 5);
      await k(['patch', 'widget', 'w1', '--type=merge', '-p', '{"spec":{"color":"green"}}']);
      assert.match(await k(['get', 'wg', 'w1']), /w1\s+green\s+5/);
      const smp = await kr(['patch', 'widget', 'w1', '--type=strategic', '-p', '{"spec":{"color":"red"}}']);
      assert.notEqual(smp.code, 0);
      assert.match(smp.stderr, /UnsupportedMediaType|unknown format/);
      await k(['patch', 'widget', 'w1', '--subresource=status', '--type=merge', '-p', '{"status":{"replicas":5,"selector":"app=w1"}}']);
      const withStatus = JSON.parse(await k(['get', 'widget', 'w1', '-o', 'json']));
      assert.equal(withStatus.status.replicas, 5);
      assert.equal(withStatus.metadata.generation, 5, 'status writes leave generation alone');
      const ignored = JSON.parse(await k(['patch', 'widget', 'w1', '--type=merge', '-p', '{"status":{"replicas":9}}', '-o', 'json']));
      assert.equal(ignored.status.replicas, 5, 'status changes only through /status');
    });

    test('a restarted server serves the CRD as soon as it is ready', async () => {
      await server.stop();
      server = await startKitesServer({ dataDir });
      assert.match(await k(['get', 'wg', 'w1']), /w1\s+green\s+5/);
      assert.match(await k(['api-resources', '--api-group=example.com']), /^widgets\s+wg\b/m);
    });

    test('a deleted CRD stays Terminating while an object holds a finalizer', async () => {
      await k(['create', '-f', '-'], 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: held, finalizers: [example.com/hold]}\nspec: {color: red}\n');
      await k(['delete', 'crd', 'widgets.example.com', '--wait=false']);
      await until(async () => {
        const crdNow = JSON.parse(await k(['get', 'crd', 'widgets.example.com', '-o', 'json']));
        assert.ok(crdNow.metadata.deletionTimestamp);
        assert.equal(crdNow.status.conditions.find((c: { type: string }) => c.type === 'Terminating')?.reason, 'InstanceDeletionInProgress');
        assert.ok(JSON.parse(await k(['get', 'widget', 'held', '-o', 'json'])).metadata.deletionTimestamp);
      });
      const refused = await kr(['create', '-f', '-'], 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: late}\nspec: {color: red}\n');
      assert.match(refused.stderr, /create not allowed while custom resource definition is terminating/);
      await k(['patch', 'widget', 'held', '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
    });

    test('deleting the CRD removes its objects and its resource', async () => {
      await k(['delete', 'crd', 'widgets.example.com', '--ignore-not-found', '--timeout=60s']);
      await until(async () => {
        const r = await kr(['get', 'crd', 'widgets.example.com']);
        assert.match(r.stderr, /NotFound/);
      });
      await until(async () => assert.doesNotMatch(await k(['api-resources']), /widgets/));
      const raw = await kr(['get', '--raw', '/apis/example.com/v1/namespaces/default/widgets']);
      assert.notEqual(raw.code, 0);
      // A CRD with the same name starts empty: the old objects are gone from storage.
      await k(['apply', '-f', '-'], crd);
      await k(['wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=30s']);
      await until(async () => assert.match((await kr(['get', 'widgets', '-A'])).stderr, /No resources found/));
    });
  });
}
