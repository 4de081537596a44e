// The API server's acceptance: the real kubectl against a real `kites server` (embedded SQLite).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startKitesServer, type KitesServer } from '../support/kites-server.ts';

const manifest = `apiVersion: v1
kind: ConfigMap
metadata:
  name: shop-config
  namespace: shop
data:
  color: blue
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
  labels: {app: api, tier: backend}
spec:
  replicas: 2
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
      - name: api
        image: atseashop/api:v1.3
        ports:
        - containerPort: 8080
        env:
        - {name: MODE, value: prod}
`;

for (const binary of ['/usr/bin/kubectl', '/usr/lib/google-cloud-sdk/bin/kubectl.1.27']) {
  describe(`kubectl ${binary.endsWith('1.27') ? '1.27' : '(server version)'} against kites server`, { timeout: 300_000 }, () => {
    let server: KitesServer;
    const k = (args: string[], input?: string) => server.kubectl(args, { input, binary });
    const kr = (args: string[], input?: string) => server.kubectlResult(args, { input, binary });

    before(async () => {
      server = await startKitesServer();
    });
    after(async () => {
      await server?.stop();
    });

    test('version, api-resources and api-versions', async () => {
      const version = JSON.parse(await k(['version', '-o', 'json']));
      assert.equal(version.serverVersion.major, '1');
      assert.equal(version.serverVersion.minor, '32');
      const resources = await k(['api-resources']);
      for (const [name, short] of [['deployments', 'deploy'], ['pods', 'po'], ['services', 'svc'], ['horizontalpodautoscalers', 'hpa'], ['customresourcedefinitions', 'crd']]) {
        assert.match(resources, new RegExp(`^${name}\\s+${short}\\b`, 'm'), `${name} with short name ${short}`);
      }
      const versions = await k(['api-versions']);
      for (const gv of ['v1', 'apps/v1', 'batch/v1', 'rbac.authorization.k8s.io/v1', 'autoscaling/v2']) assert.match(versions, new RegExp(`^${gv.replace('.', '\\.')}$`, 'm'));
    });

    test('create namespace, deployment, configmap and secret (protobuf bodies)', async () => {
      await k(['create', 'ns', 'shop']);
      await k(['create', 'deployment', 'web', '--image=atseashop/api:v1.3', '--replicas=5', '-n', 'shop']);
      await k(['create', 'configmap', 'settings', '--from-literal=a=1', '--from-literal=b=2', '-n', 'shop']);
      await k(['create', 'secret', 'generic', 'creds', '--from-literal=password=s3cret', '-n', 'shop']);
      const deploy = JSON.parse(await k(['get', 'deployment', 'web', '-n', 'shop', '-o', 'json']));
      assert.equal(deploy.spec.replicas, 5);
      assert.equal(deploy.spec.template.spec.containers[0].image, 'atseashop/api:v1.3');
      assert.equal(deploy.spec.strategy.type, 'RollingUpdate');
      assert.equal(deploy.metadata.generation, 1);
      const secret = JSON.parse(await k(['get', 'secret', 'creds', '-n', 'shop', '-o', 'json']));
      assert.equal(Buffer.from(secret.data.password, 'base64').toString(), 's3cret');
      const cm = JSON.parse(await k(['get', 'cm', 'settings', '-n', 'shop', '-o', 'json']));
      assert.deepEqual(cm.data, { a: '1', b: '2' });
    });

    test('apply twice changes only the changed field and keeps last-applied', async () => {
      await k(['apply', '-f', '-'], manifest);
      await k(['label', 'deployment', 'api', '-n', 'shop', 'owner=ops']);
      await k(['apply', '-f', '-'], manifest.replace('replicas: 2', 'replicas: 3'));
      const deploy = JSON.parse(await k(['get', 'deploy', 'api', '-n', 'shop', '-o', 'json']));
      assert.equal(deploy.spec.replicas, 3);
      assert.equal(deploy.metadata.labels.owner, 'ops', 'a label set outside apply survives');
      assert.equal(deploy.spec.template.spec.containers[0].env[0].value, 'prod');
      assert.equal(deploy.metadata.generation, 2);
      const lastApplied = JSON.parse(deploy.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']);
      assert.equal(lastApplied.spec.replicas, 3);
    });

    test('get in every output format, across namespaces and by label', async () => {
      const table = await k(['get', 'deployments', '-n', 'shop']);
      assert.match(table, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/m);
      assert.match(table, /^web\s+0\/5\s+[05]\s+0\s+\d+s$/m, "nothing runs the pods: no node has joined");
      const wide = await k(['get', 'deployments', '-n', 'shop', '-o', 'wide']);
      assert.match(wide, /CONTAINERS\s+IMAGES\s+SELECTOR/);
      assert.match(wide, /atseashop\/api:v1\.3/);
      assert.equal((await k(['get', 'deploy', '-n', 'shop', '-o', 'name'])).trim(), 'deployment.apps/api\ndeployment.apps/web');
      assert.match(await k(['get', 'cm', 'shop-config', '-n', 'shop', '-o', 'yaml']), /color: blue/);
      const all = await k(['get', 'namespaces', '-A']);
      for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'shop']) assert.match(all, new RegExp(`^${ns}\\s+Active`, 'm'));
      const allDeploys = await k(['get', 'deploy', '-A', '--show-labels']);
      assert.match(allDeploys, /^NAMESPACE\s+NAME/m);
      assert.match(allDeploys, /^shop\s+api\s.*app=api/m);
      const byLabel = await k(['get', 'deploy', '-n', 'shop', '-l', 'tier=backend', '-o', 'name']);
      assert.equal(byLabel.trim(), 'deployment.apps/api');
      const byNotIn = await k(['get', 'deploy', '-n', 'shop', '-l', 'tier notin (backend)', '-o', 'name']);
      assert.equal(byNotIn.trim(), 'deployment.apps/web');
    });

    test('get -w sees a later change', async () => {
      const watcher = server.kubectlResult(['get', 'configmap', 'settings', '-n', 'shop', '-w', '--request-timeout=8s', '-o', 'jsonpath={.data.a}{"\\n"}'], { binary });
      await new Promise((r) => setTimeout(r, 1500));
      await k(['patch', 'configmap', 'settings', '-n', 'shop', '--type=merge', '-p', '{"data":{"a":"changed"}}']);
      const { stdout } = await watcher;
      assert.match(stdout, /^1$/m);
      assert.match(stdout, /^changed$/m);
    });

    test('describe, scale, set image, label, annotate', async () => {
      assert.match(await k(['describe', 'deployment', 'web', '-n', 'shop']), /Replicas:\s+5 desired/);
      await k(['scale', 'deployment', 'web', '-n', 'shop', '--replicas=7']);
      await k(['set', 'image', 'deployment/web', '-n', 'shop', 'api=atseashop/api:v1.4']);
      await k(['label', 'deployment', 'web', '-n', 'shop', 'stage=canary']);
      await k(['annotate', 'deployment', 'web', '-n', 'shop', 'note=hello']);
      const deploy = JSON.parse(await k(['get', 'deploy', 'web', '-n', 'shop', '-o', 'json']));
      assert.equal(deploy.spec.replicas, 7);
      assert.equal(deploy.spec.template.spec.containers[0].image, 'atseashop/api:v1.4');
      assert.equal(deploy.metadata.labels.stage, 'canary');
      assert.equal(deploy.metadata.annotations.note, 'hello');
    });

    test('patch with json, merge and strategic patches', async () => {
      await k(['patch', 'deploy', 'api', '-n', 'shop', '--type=json', '-p', '[{"op":"replace","path":"/spec/replicas","value":4}]']);
      await k(['patch', 'deploy', 'api', '-n', 'shop', '--type=merge', '-p', '{"metadata":{"labels":{"merged":"yes"}}}']);
      await k(['patch', 'deploy', 'api', '-n', 'shop', '--type=strategic', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"api","env":[{"name":"EXTRA","value":"1"}]}]}}}}']);
      const deploy = JSON.parse(await k(['get', 'deploy', 'api', '-n', 'shop', '-o', 'json']));
      assert.equal(deploy.spec.replicas, 4);
      assert.equal(deploy.metadata.labels.merged, 'yes');
      const env = deploy.spec.template.spec.containers[0].env.map((e: { name: string }) => e.name).sort();
      assert.deepEqual(env, ['EXTRA', 'MODE'], 'strategic merge keeps existing list items by merge key');
    });

    test('an object with a finalizer stays until the finalizer is removed', async () => {
      await k(['create', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: held\n  namespace: shop\n  finalizers: [example.com/hold]\n');
      await k(['delete', 'configmap', 'held', '-n', 'shop', '--wait=false']);
      const held = JSON.parse(await k(['get', 'cm', 'held', '-n', 'shop', '-o', 'json']));
      assert.ok(held.metadata.deletionTimestamp, 'deletionTimestamp is set');
      await k(['patch', 'cm', 'held', '-n', 'shop', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]']);
      const gone = await kr(['get', 'cm', 'held', '-n', 'shop']);
      assert.notEqual(gone.code, 0);
      assert.match(gone.stderr, /NotFound|not found/);
    });

    test('explain walks the OpenAPI v3 schema', async () => {
      const out = await k(['explain', 'deployment.spec.strategy.rollingUpdate']);
      assert.match(out, /maxSurge/);
      assert.match(out, /maxUnavailable/);
    });

    test('create -f with an unknown field fails with the strict decoding error', async () => {
      const bad = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad\n  namespace: shop\ndata: {a: b}\nbogus: 1\n';
      const r = await kr(['create', '-f', '-'], bad);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /strict decoding error: unknown field "bogus"/);
    });

    test('--dry-run=server writes nothing', async () => {
      const out = await k(['create', 'configmap', 'dry', '-n', 'shop', '--from-literal=x=y', '--dry-run=server', '-o', 'name']);
      assert.equal(out.trim(), 'configmap/dry');
      const r = await kr(['get', 'cm', 'dry', '-n', 'shop']);
      assert.notEqual(r.code, 0);
    });

    test('invalid names get 422 Invalid with upstream causes', async () => {
      const r = await kr(['create', 'configmap', 'Bad_Name', '-n', 'shop']);
      assert.notEqual(r.code, 0);
      assert.match(r.stderr, /ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    });

    test('create service, job, cronjob, autoscale (protobuf bodies)', async () => {
      await k(['create', 'service', 'clusterip', 'api', '--tcp=80:8080', '-n', 'shop']);
      await k(['create', 'job', 'once', '--image=busybox', '-n', 'shop', '--', 'true']);
      await k(['create', 'cronjob', 'nightly', '--image=busybox', '--schedule=0 3 * * *', '-n', 'shop', '--', 'true']);
      await k(['autoscale', 'deployment', 'api', '--min=2', '--max=6', '--cpu-percent=70', '-n', 'shop']);
      const svc = JSON.parse(await k(['get', 'svc', 'api', '-n', 'shop', '-o', 'json']));
      assert.deepEqual(svc.spec.ports.map((p: { port: number; targetPort: number }) => [p.port, p.targetPort]), [[80, 8080]]);
      assert.equal(svc.spec.type, 'ClusterIP');
      assert.match(svc.spec.clusterIP, /^10\.43\.\d+\.\d+$/, 'a cluster IP from the service range');
      await k(['create', 'service', 'nodeport', 'web', '--tcp=80:8080', '-n', 'shop']);
      const web = JSON.parse(await k(['get', 'svc', 'web', '-n', 'shop', '-o', 'json']));
      assert.notEqual(web.spec.clusterIP, svc.spec.clusterIP);
      assert.ok(web.spec.ports[0].nodePort >= 30000 && web.spec.ports[0].nodePort <= 32767, 'a node port from 30000-32767');
      const kubernetes = JSON.parse(await k(['get', 'svc', 'kubernetes', '-n', 'default', '-o', 'json']));
      assert.equal(kubernetes.spec.clusterIP, '10.43.0.1');
      const job = JSON.parse(await k(['get', 'job', 'once', '-n', 'shop', '-o', 'json']));
      assert.deepEqual(job.spec.template.spec.containers[0].command, ['true']);
      assert.equal(JSON.parse(await k(['get', 'cronjob', 'nightly', '-n', 'shop', '-o', 'json'])).spec.schedule, '0 3 * * *');
      const hpa = JSON.parse(await k(['get', 'hpa', 'api', '-n', 'shop', '-o', 'json']));
      assert.equal(hpa.spec.maxReplicas, 6);
      assert.equal(hpa.spec.minReplicas, 2);
    });

    test('service-account tokens: create token, auth whoami, auth can-i', async () => {
      await k(['create', 'serviceaccount', 'robot', '-n', 'shop']);
      const token = (await k(['create', 'token', 'robot', '-n', 'shop'])).trim();
      assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
      // Only the token: a client certificate, when also sent, wins (as upstream's authenticator order).
      const asRobot = ['--kubeconfig', '/dev/null', '--server', server.url, '--insecure-skip-tls-verify', '--token', token];
      const whoami = JSON.parse(await k(['auth', 'whoami', '-o', 'json', ...asRobot]));
      assert.equal(whoami.status.userInfo.username, 'system:serviceaccount:shop:robot');
      assert.ok(whoami.status.userInfo.groups.includes('system:serviceaccounts:shop'));
      const admin = JSON.parse(await k(['auth', 'whoami', '-o', 'json']));
      assert.equal(admin.status.userInfo.username, 'system:admin');
      assert.equal((await k(['auth', 'can-i', 'create', 'deployments', '-n', 'shop'])).trim(), 'yes');
      await k(['delete', 'serviceaccount', 'robot', '-n', 'shop']);
      const revoked = await kr(['get', 'ns', ...asRobot]);
      assert.notEqual(revoked.code, 0, 'the token of a deleted account no longer authenticates');
    });

    test('get -w prints table rows for later changes', async () => {
      const watcher = server.kubectlResult(['get', 'configmaps', '-n', 'shop', '-w', '--request-timeout=6s'], { binary });
      await new Promise((r) => setTimeout(r, 1500));
      await k(['create', 'configmap', 'watched', '-n', 'shop', '--from-literal=k=v']);
      const { stdout } = await watcher;
      assert.match(stdout, /^NAME\s+DATA\s+AGE$/m);
      assert.match(stdout, /^watched\s+1\s+\d+s$/m);
    });

    test('force-deleting a pod bound to a node removes it at once', async () => {
      await k(['create', '-f', '-'], 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p1\n  namespace: shop\nspec:\n  nodeName: node-a\n  containers:\n  - name: c\n    image: busybox\n');
      await k(['delete', 'pod', 'p1', '-n', 'shop', '--wait=false']);
      const terminating = JSON.parse(await k(['get', 'pod', 'p1', '-n', 'shop', '-o', 'json']));
      assert.equal(terminating.metadata.deletionGracePeriodSeconds, 30, 'a pod on a node waits for its agent');
      await k(['delete', 'pod', 'p1', '-n', 'shop', '--grace-period=0', '--force']);
      assert.notEqual((await kr(['get', 'pod', 'p1', '-n', 'shop'])).code, 0);
    });

    test('delete and get of something missing', async () => {
      await k(['delete', 'deployment', 'web', '-n', 'shop']);
      const r = await kr(['get', 'deployment', 'web', '-n', 'shop']);
      assert.match(r.stderr, /deployments.apps "web" not found/);
    });
  });
}
