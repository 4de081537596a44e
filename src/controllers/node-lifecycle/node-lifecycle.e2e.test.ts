// Against a real kites server with short durations: the test plays two node agents. One keeps
// renewing its Lease and posting Ready; the other stops, becomes Unknown, is tainted unreachable,
// and loses its pods after the (3 s) default toleration — and is untainted when it comes back.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { Lease } from 'kubernetes-types/coordination/v1.d.ts';
import { ApiClient, isNotFound } from '../../client/index.ts';
import { startKitesServer, type KitesServer } from '../../../test/support/kites-server.ts';
import { eventually } from '../../../test/support/eventually.ts';

const stamp = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('node lifecycle against kites server', () => {
  let server: KitesServer;
  let client: ApiClient;
  const agents = new Map<string, ReturnType<typeof setInterval>>();
  before(async () => {
    server = await startKitesServer({ extraArgs: ['--node-monitor-grace-period', '2', '--default-not-ready-toleration-seconds', '3', '--default-unreachable-toleration-seconds', '3'] });
    client = await ApiClient.fromKubeconfig(server.kubeconfig);
  });
  after(async () => {
    for (const timer of agents.values()) clearInterval(timer);
    client?.close();
    await server?.stop();
  });

  const nodes = () => client.forKind<Node>('', 'v1', 'Node');
  const leases = () => client.forKind<Lease>('coordination.k8s.io', 'v1', 'Lease', 'kube-node-lease');
  const heartbeat = async (name: string) => {
    const now = stamp();
    await nodes().patchStatus(name, { status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: now, lastTransitionTime: now }] } }, 'strategic');
    const renewTime = new Date().toISOString().replace('Z', '000Z');
    await leases().update({ ...(await leases().get(name)), spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime } } as Lease);
  };
  const startAgent = async (name: string) => {
    await nodes().create({ metadata: { name } }).catch(() => undefined);
    await leases().create({ metadata: { name }, spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: new Date().toISOString().replace('Z', '000Z') } }).catch(() => undefined);
    await heartbeat(name);
    agents.set(name, setInterval(() => void heartbeat(name).catch(() => undefined), 300));
  };
  const stopAgent = (name: string) => clearInterval(agents.get(name));
  const pod = (name: string, nodeName: string, tolerations?: Pod['spec'] extends infer S ? (S extends { tolerations?: infer T } ? T : never) : never): Pod => ({
    metadata: { name, namespace: 'default' },
    spec: { nodeName, containers: [{ name: 'c', image: 'x' }], ...(tolerations ? { tolerations } : {}) },
  });

  it('marks a silent node Unknown, taints it, evicts its pods after their toleration, and untaints it when it returns', async () => {
    await startAgent('alive');
    await startAgent('silent');
    const pods = client.forKind<Pod>('', 'v1', 'Pod', 'default');
    const doomed = await pods.create(pod('doomed', 'silent'));
    assert.deepEqual(
      doomed.spec!.tolerations!.filter((t) => t.tolerationSeconds !== undefined).map((t) => [t.key, t.tolerationSeconds]),
      [['node.kubernetes.io/not-ready', 3], ['node.kubernetes.io/unreachable', 3]],
      'admission added the default tolerations',
    );
    await pods.create(pod('loyal', 'silent', [{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }]));
    await pods.create(pod('safe', 'alive'));
    stopAgent('silent');

    const silent = await eventually(async () => {
      const n = await nodes().get('silent');
      const ready = n.status?.conditions?.find((c) => c.type === 'Ready');
      const tainted = n.spec?.taints?.some((t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute');
      return ready?.status === 'Unknown' && tainted ? n : undefined;
    }, { what: 'silent node Unknown and tainted' });
    const ready = silent.status!.conditions!.find((c) => c.type === 'Ready')!;
    assert.equal(ready.reason, 'NodeStatusUnknown');
    assert.equal(ready.message, 'Kubelet stopped posting node status.');

    await eventually(async () => {
      try {
        return !!(await pods.get('doomed')).metadata?.deletionTimestamp;
      } catch (err) {
        return isNotFound(err);
      }
    }, { what: 'doomed pod evicted' });
    assert.equal((await pods.get('loyal')).metadata?.deletionTimestamp, undefined, 'a pod tolerating forever stays');
    assert.equal((await pods.get('safe')).metadata?.deletionTimestamp, undefined);
    const alive = await nodes().get('alive');
    assert.equal(alive.status!.conditions!.find((c) => c.type === 'Ready')!.status, 'True');
    assert.deepEqual(alive.spec?.taints ?? [], []);

    await startAgent('silent');
    await eventually(async () => ((await nodes().get('silent')).spec?.taints ?? []).length === 0, { what: 'silent node untainted' });
  });
});
