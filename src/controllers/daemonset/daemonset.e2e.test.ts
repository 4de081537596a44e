// Against a real kites server: a DaemonSet puts one pod on every node, follows a new node, and reports
// its status; a template change is rolled out as a new ControllerRevision.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { ControllerRevision, DaemonSet } from 'kubernetes-types/apps/v1.d.ts';
import { ApiClient } from '../../client/index.ts';
import { startKitesServer, type KitesServer } from '../../../test/support/kites-server.ts';
import { eventually } from '../../../test/support/eventually.ts';
import { targetNode } from './pods.ts';

describe('daemonset controller against kites server', () => {
  let server: KitesServer;
  let client: ApiClient;
  before(async () => {
    server = await startKitesServer();
    client = await ApiClient.fromKubeconfig(server.kubeconfig);
  });
  after(async () => {
    client?.close();
    await server?.stop();
  });

  it('runs one pod per node, follows a new node, counts ready pods and records revisions', async () => {
    const nodes = client.forKind<Node>('', 'v1', 'Node');
    const pods = client.forKind<Pod>('', 'v1', 'Pod', 'default');
    const daemonSets = client.forKind<DaemonSet>('apps', 'v1', 'DaemonSet', 'default');
    await nodes.create({ metadata: { name: 'ds-1' } });
    await nodes.create({ metadata: { name: 'ds-2' } });
    await daemonSets.create({
      metadata: { name: 'agent' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'agent:1' }] } } },
    });
    const podsByNode = async () => {
      const list = await pods.list({ labelSelector: 'app=agent' });
      const live = list.items.filter((p) => !p.metadata?.deletionTimestamp);
      return new Map(live.map((p) => [targetNode(p), p]));
    };
    await eventually(async () => [...(await podsByNode()).keys()].sort().join() === 'ds-1,ds-2', { what: 'a pod on each node' });
    await nodes.create({ metadata: { name: 'ds-3' } });
    const placed = await eventually(async () => {
      const m = await podsByNode();
      return [...m.keys()].sort().join() === 'ds-1,ds-2,ds-3' ? m : undefined;
    }, { what: 'a pod on the new node' });
    const pod = [...placed.values()][0]!;
    assert.equal(pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0]?.matchFields?.[0]?.key, 'metadata.name');
    assert.ok(pod.spec?.tolerations?.some((t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute' && t.tolerationSeconds === undefined));
    const hash = pod.metadata!.labels!['controller-revision-hash']!;
    const revisions = await client.forKind<ControllerRevision>('apps', 'v1', 'ControllerRevision', 'default').list();
    assert.deepEqual(revisions.items.map((r) => [r.metadata!.name, r.revision]), [[`agent-${hash}`, 1]]);

    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    for (const p of placed.values()) await pods.patchStatus(p.metadata!.name!, { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }] } });
    const status = await eventually(async () => {
      const ds = await daemonSets.get('agent');
      return ds.status?.numberReady === 3 && ds.status.observedGeneration === ds.metadata?.generation ? ds.status : undefined;
    }, { what: 'three ready' });
    assert.deepEqual(
      [status.desiredNumberScheduled, status.currentNumberScheduled, status.updatedNumberScheduled, status.numberAvailable, status.numberMisscheduled],
      [3, 3, 3, 3, 0],
    );

    await daemonSets.patch('agent', { spec: { template: { spec: { containers: [{ name: 'a', image: 'agent:2' }] } } } }, 'strategic');
    await eventually(async () => {
      const list = await client.forKind<ControllerRevision>('apps', 'v1', 'ControllerRevision', 'default').list();
      return list.items.some((r) => r.revision === 2);
    }, { what: 'revision 2' });
    // maxUnavailable 1: exactly one old pod is taken down while its replacement is not yet ready.
    await eventually(async () => {
      const list = await pods.list({ labelSelector: 'app=agent' });
      return list.items.filter((p) => p.metadata?.labels?.['controller-revision-hash'] !== hash).length === 1;
    }, { what: 'first replacement' });
  });
});
