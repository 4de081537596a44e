// kubectl logs and kubectl exec through the API server to a node agent's kubelet port, against
// hollow nodes (the fake runtime writes CRI logs and answers exec), with the real kubectl.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startHollowNodes, type HollowNodes } from '../support/hollow-nodes.ts';
import { startKitesServer, type KitesServer } from '../support/kites-server.ts';
import { eventually } from '../support/eventually.ts';

let server: KitesServer;
let nodes: HollowNodes;

before(async () => {
  server = await startKitesServer();
  nodes = await startHollowNodes(server, { prefix: 'logs', count: 1, nodeIP: '127.0.0.1' });
  await eventually(async () => (await server.kubectl(['get', 'node', 'logs-0', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'])) === 'True', { what: 'node logs-0 Ready', timeoutMs: 60_000 });
  await server.kubectl(['apply', '-f', '-'], {
    input: JSON.stringify({
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: 'web', namespace: 'default', annotations: { 'kites.dev/fake-log-every-seconds': '1' } },
      spec: { nodeName: 'logs-0', containers: [{ name: 'app', image: 'busybox' }] },
    }),
  });
  await server.kubectl(['wait', '--for=condition=Ready', 'pod/web', '--timeout=60s']);
});

after(async () => {
  await nodes?.stop();
  await server?.stop();
});

test('node publishes its kubelet port', async () => {
  const port = Number(await server.kubectl(['get', 'node', 'logs-0', '-o', 'jsonpath={.status.daemonEndpoints.kubeletEndpoint.Port}']));
  assert.ok(port > 0 && port !== 10250, `port ${port}`);
});

test('kubectl logs, --tail and --timestamps', async () => {
  const all = await eventually(async () => {
    const out = await server.kubectl(['logs', 'web']);
    return out.includes('tick 2') ? out : undefined;
  }, { what: 'two ticks' });
  assert.match(all, /^fake container app started\nfake container app tick 1\n/);
  const tail = await server.kubectl(['logs', 'web', '--tail=1']);
  assert.match(tail, /^fake container app tick \d+\n$/);
  const stamped = await server.kubectl(['logs', 'web', '-c', 'app', '--timestamps', '--tail=1']);
  assert.match(stamped, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z fake container app tick \d+\n$/);
});

test('kubectl logs -f sees lines written later', async () => {
  const proc = spawn('/usr/bin/kubectl', ['--kubeconfig', server.kubeconfig, 'logs', '-f', 'web', '--tail=1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
  try {
    const first = await eventually(() => /tick (\d+)/.exec(out)?.[1], { what: 'the first line' });
    await eventually(() => out.includes(`tick ${Number(first) + 2}`), { what: 'a later tick', timeoutMs: 10_000 });
  } finally {
    proc.kill();
  }
});

test('logs errors as upstream: no such container, no node yet, no previous container', async () => {
  const wrong = await server.kubectlResult(['logs', 'web', '-c', 'nope']);
  assert.notEqual(wrong.code, 0);
  assert.match(wrong.stderr, /container nope is not valid for pod web/);
  await server.kubectl(['run', 'nowhere', '--image=busybox', '--overrides', JSON.stringify({ spec: { nodeSelector: { none: 'such' } } })]);
  const unscheduled = await server.kubectlResult(['logs', 'nowhere']);
  assert.match(unscheduled.stderr, /Error from server \(BadRequest\): pod nowhere does not have a host assigned/);
  const previous = await server.kubectlResult(['logs', 'web', '--previous']);
  assert.match(previous.stderr, /Error from server \(BadRequest\): previous terminated container "app" in pod "web" not found/);
  const missing = await server.kubectlResult(['logs', 'ghost']);
  assert.match(missing.stderr, /pods "ghost" not found/);
});

test('kubectl exec: output, stdin, exit codes (WebSocket v5 through the API server)', async () => {
  assert.equal(await server.kubectl(['exec', 'web', '--', 'cat', '/etc/hostname']), 'cat /etc/hostname\n');
  const failed = await server.kubectlResult(['exec', 'web', '--', 'sh', '-c', 'exit 3']);
  assert.equal(failed.code, 3, failed.stderr);
  const piped = await server.kubectlResult(['exec', '-i', 'web', '--', 'sh'], { input: 'echo hi; exit\n' });
  assert.equal(piped.code, 0, piped.stderr);
  assert.equal(piped.stdout, 'sh\necho hi; exit\n');
});

test('kubectl exec errors: no such container, no node yet', async () => {
  const wrong = await server.kubectlResult(['exec', 'web', '-c', 'nope', '--', 'true']);
  assert.notEqual(wrong.code, 0);
  assert.match(wrong.stderr, /container nope is not valid for pod web/);
  const unscheduled = await server.kubectlResult(['exec', 'nowhere', '--', 'true']);
  assert.notEqual(unscheduled.code, 0);
  assert.match(unscheduled.stderr, /does not have a host assigned/);
});
