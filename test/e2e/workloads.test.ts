// Issue "control loops" acceptance: a real kites server (controllers + scheduler) with hollow nodes,
// driven by the real kubectl.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiClient } from '../../src/client/index.ts';
import { eventually } from '../support/eventually.ts';
import { startHollowNodes, type HollowNodes } from '../support/hollow-nodes.ts';
import { startKitesServer, type KitesServer } from '../support/kites-server.ts';

interface PodLike {
  metadata: { name: string; namespace: string; deletionTimestamp?: string; labels?: Record<string, string> };
  spec: { nodeName?: string; containers: { image: string }[] };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
}

const isReady = (p: PodLike) => !p.metadata.deletionTimestamp && (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

describe('workloads on hollow nodes', { timeout: 600_000 }, () => {
  let server: KitesServer;
  let nodes: HollowNodes;
  let spare: HollowNodes | undefined;
  let client: ApiClient;
  const k = (args: string[], input?: string) => server.kubectl(args, { input });

  before(async () => {
    // Agents renew their Lease every 10 s: the grace period must outlast a renewal or two.
    server = await startKitesServer({ extraArgs: ['--node-monitor-grace-period', '25', '--default-not-ready-toleration-seconds', '2', '--default-unreachable-toleration-seconds', '2'] });
    nodes = await startHollowNodes(server, { prefix: 'hollow', count: 3 });
    client = await ApiClient.fromKubeconfig(server.kubeconfig);
    await eventually(async () => {
      const list = JSON.parse(await k(['get', 'nodes', '-o', 'json'])) as { items: { status: { conditions: { type: string; status: string }[] } }[] };
      return list.items.filter((n) => n.status.conditions.some((c) => c.type === 'Ready' && c.status === 'True')).length === 3;
    }, { what: '3 Ready hollow nodes', timeoutMs: 60_000 });
  });
  after(async () => {
    client?.close();
    await spare?.stop().catch(() => undefined);
    await nodes?.stop().catch(() => undefined);
    await server?.stop();
  });

  const pods = async (ns: string, selector: string): Promise<PodLike[]> =>
    (JSON.parse(await k(['get', 'pods', '-n', ns, '-l', selector, '-o', 'json'])) as { items: PodLike[] }).items;

  test('a deployment rolls out, rolls to a new image without dropping below 10 ready, and rolls back', async () => {
    await k(['create', 'deployment', 'web', '--image=atseashop/webfront:v1.3', '--replicas=10']);
    await k(['rollout', 'status', 'deployment/web', '--timeout=120s']);
    assert.equal((await pods('default', 'app=web')).filter(isReady).length, 10);

    await k(['patch', 'deployment', 'web', '--type=merge', '-p', '{"spec":{"strategy":{"rollingUpdate":{"maxUnavailable":0,"maxSurge":1}}}}']);
    // Watch every pod change during the rollout: ready pods never below 10, pods never above 11.
    const state = new Map<string, PodLike>();
    let minReady = Infinity;
    let maxPods = 0;
    const stop = new AbortController();
    const podClient = client.forKind<PodLike & { apiVersion?: string; kind?: string }>('', 'v1', 'Pod', 'default');
    const initial = await podClient.list({ labelSelector: 'app=web' });
    for (const p of initial.items) state.set(p.metadata.name, p);
    const watching = (async () => {
      for await (const ev of podClient.watch({ labelSelector: 'app=web', resourceVersion: initial.metadata.resourceVersion, signal: stop.signal })) {
        if (ev.type === 'ERROR' || ev.type === 'BOOKMARK') continue;
        const pod = ev.object as PodLike;
        if (ev.type === 'DELETED') state.delete(pod.metadata.name);
        else state.set(pod.metadata.name, pod);
        const all = [...state.values()];
        minReady = Math.min(minReady, all.filter(isReady).length);
        maxPods = Math.max(maxPods, all.filter((p) => !p.metadata.deletionTimestamp).length);
      }
    })();
    await k(['set', 'image', 'deployment/web', 'webfront=atseashop/webfront:v1.4']);
    await k(['rollout', 'status', 'deployment/web', '--timeout=180s']);
    stop.abort();
    await watching;
    assert.ok(minReady >= 10, `ready pods dropped to ${minReady}`);
    assert.ok(maxPods <= 11, `pods rose to ${maxPods}`);
    const now = await pods('default', 'app=web');
    assert.ok(now.filter(isReady).every((p) => p.spec.containers[0]!.image === 'atseashop/webfront:v1.4'));

    const history = await k(['rollout', 'history', 'deployment/web']);
    assert.match(history, /^1\s/m);
    assert.match(history, /^2\s/m);
    await k(['rollout', 'undo', 'deployment/web']);
    await k(['rollout', 'status', 'deployment/web', '--timeout=180s']);
    const deploy = JSON.parse(await k(['get', 'deployment', 'web', '-o', 'json']));
    assert.equal(deploy.spec.template.spec.containers[0].image, 'atseashop/webfront:v1.3');

    await k(['scale', 'deployment/web', '--replicas=0']);
    await eventually(async () => (await pods('default', 'app=web')).length === 0, { what: 'no pods at 0 replicas', timeoutMs: 60_000 });
    await k(['scale', 'deployment/web', '--replicas=50']);
    await k(['rollout', 'status', 'deployment/web', '--timeout=180s']);
    assert.equal((await pods('default', 'app=web')).filter(isReady).length, 50);
  });

  test('cascading deletes: background removes everything, foreground waits for dependents, orphan keeps them', async () => {
    await k(['create', 'deployment', 'bg', '--image=busybox', '--replicas=2']);
    await k(['rollout', 'status', 'deployment/bg', '--timeout=120s']);
    await k(['delete', 'deployment', 'bg', '--cascade=background']);
    await eventually(async () => (await pods('default', 'app=bg')).length === 0 && !(await k(['get', 'rs', '-l', 'app=bg', '-o', 'name'])).trim(), { what: 'background cascade', timeoutMs: 60_000 });

    await k(['create', 'deployment', 'fg', '--image=busybox', '--replicas=2']);
    await k(['rollout', 'status', 'deployment/fg', '--timeout=120s']);
    await k(['delete', 'deployment', 'fg', '--cascade=foreground', '--timeout=60s']);
    assert.equal((await k(['get', 'rs', '-l', 'app=fg', '-o', 'name'])).trim(), '', 'foreground delete returns after dependents are gone');
    assert.equal((await pods('default', 'app=fg')).length, 0);

    await k(['create', 'deployment', 'orph', '--image=busybox', '--replicas=2']);
    await k(['rollout', 'status', 'deployment/orph', '--timeout=120s']);
    await k(['delete', 'deployment', 'orph', '--cascade=orphan']);
    const rs = await eventually(async () => {
      const list = JSON.parse(await k(['get', 'rs', '-l', 'app=orph', '-o', 'json'])) as { items: { metadata: { ownerReferences?: unknown[] } }[] };
      return list.items.length === 1 && !list.items[0]!.metadata.ownerReferences?.length ? list.items : undefined;
    }, { what: 'the orphaned replica set without owner' });
    assert.equal(rs.length, 1);
    assert.equal((await pods('default', 'app=orph')).length, 2, 'orphaned pods stay');
  });

  test('a job with completions=5 parallelism=2 completes; a failing one stops at backoffLimit', async () => {
    await k(['apply', '-f', '-'], `apiVersion: batch/v1
kind: Job
metadata: {name: batch5}
spec:
  completions: 5
  parallelism: 2
  template:
    metadata:
      annotations: {kites.dev/fake-run-seconds: "1"}
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox}]
`);
    await k(['wait', '--for=condition=Complete', 'job/batch5', '--timeout=120s']);
    const job = JSON.parse(await k(['get', 'job', 'batch5', '-o', 'json']));
    assert.equal(job.status.succeeded, 5);

    await k(['apply', '-f', '-'], `apiVersion: batch/v1
kind: Job
metadata: {name: failing}
spec:
  backoffLimit: 2
  template:
    metadata:
      annotations: {kites.dev/fake-exit-code: "3"}
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox}]
`);
    await k(['wait', '--for=condition=Failed', 'job/failing', '--timeout=180s']);
    const failed = JSON.parse(await k(['get', 'job', 'failing', '-o', 'json']));
    assert.equal(failed.status.failed, 3, 'the first try and two retries');
    assert.ok(failed.status.conditions.some((c: { type: string; reason: string }) => c.type === 'Failed' && c.reason === 'BackoffLimitExceeded'));
  });

  test('deleting a namespace holding 100 objects empties and removes it', async () => {
    await k(['create', 'namespace', 'crowded']);
    const docs: string[] = [];
    for (let i = 0; i < 60; i++) docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-${i}, namespace: crowded}\ndata: {i: "${i}"}`);
    for (let i = 0; i < 30; i++) docs.push(`apiVersion: v1\nkind: Secret\nmetadata: {name: s-${i}, namespace: crowded}\nstringData: {i: "${i}"}`);
    for (let i = 0; i < 10; i++) docs.push(`apiVersion: v1\nkind: Service\nmetadata: {name: svc-${i}, namespace: crowded}\nspec: {ports: [{port: 80}]}`);
    await k(['apply', '-f', '-'], docs.join('\n---\n'));
    await k(['delete', 'namespace', 'crowded', '--timeout=120s']);
    const r = await server.kubectlResult(['get', 'namespace', 'crowded']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /not found/);
  });

  test('pods of a node that stops move to other nodes', async () => {
    spare = await startHollowNodes(server, { prefix: 'spare', count: 1 });
    await eventually(async () => (await k(['get', 'node', 'spare-0', '-o', 'name'])).trim() === 'node/spare-0', { what: 'the spare node', timeoutMs: 60_000 });
    // Every pod lands on the spare node while the others are cordoned, so all of them must move.
    await k(['cordon', ...nodes.names]);
    await k(['create', 'deployment', 'mover', '--image=busybox', '--replicas=6']);
    await k(['rollout', 'status', 'deployment/mover', '--timeout=120s']);
    await k(['uncordon', ...nodes.names]);
    const onSpare = (await pods('default', 'app=mover')).filter((p) => p.spec.nodeName === 'spare-0').length;
    assert.equal(onSpare, 6);
    await spare.kill();
    await eventually(async () => {
      const now = (await pods('default', 'app=mover')).filter(isReady);
      return now.length === 6 && now.every((p) => p.spec.nodeName !== 'spare-0');
    }, { what: `the ${onSpare} pod(s) of the stopped node to run elsewhere`, timeoutMs: 120_000 });
  });
});
