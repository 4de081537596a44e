import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { ControllerRevision, DaemonSet } from 'kubernetes-types/apps/v1.d.ts';
import { FakeClock, Store } from '../../client/index.ts';
import { createLogger } from '../../log/logger.ts';
import { DaemonSetSyncer } from './daemonset.ts';
import { daemonSet, node } from './testing.ts';

function setup(nodes: Node[], ds: DaemonSet) {
  const stores = { daemonSets: new Store<DaemonSet>(), pods: new Store<Pod>(), nodes: new Store<Node>(), revisions: new Store<ControllerRevision>() };
  stores.daemonSets.put(ds);
  nodes.forEach((n) => stores.nodes.put(n));
  const calls: string[] = [];
  const created: Pod[] = [];
  const statuses: DaemonSet['status'][] = [];
  let n = 0;
  const syncer = new DaemonSetSyncer({
    ...stores,
    clock: new FakeClock(),
    logger: createLogger({ level: 'error' }),
    recorder: { event: async (_o, _t, reason) => void calls.push(`event ${reason}`) },
    api: {
      createPod: async (p) => {
        const pod = { ...p, metadata: { ...p.metadata, name: `agent-${n++}`, uid: `pod-${n}`, creationTimestamp: '2024-01-01T00:00:00Z' } };
        created.push(pod);
        calls.push(`create pod for ${p.spec!.affinity!.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution!.nodeSelectorTerms[0]!.matchFields![0]!.values![0]}`);
        return pod;
      },
      deletePod: async (_ns, name) => void calls.push(`delete pod ${name}`),
      getRevision: async () => {
        throw new Error('unexpected');
      },
      createRevision: async (r) => {
        calls.push(`create revision ${r.revision}`);
        stores.revisions.put(r);
        return r;
      },
      updateRevision: async (r) => r,
      deleteRevision: async (_ns, name) => void calls.push(`delete revision ${name}`),
      updateStatus: async (d) => {
        statuses.push(d.status);
        return d;
      },
    },
  });
  return { syncer, stores, calls, created, statuses };
}

describe('DaemonSetSyncer', () => {
  it('records a revision, creates one pod per eligible node, and never doubles while the cache lags', async () => {
    const { syncer, stores, calls, created, statuses } = setup([node('a'), node('b'), node('c', { labels: { role: 'x' } })], daemonSet());
    await syncer.sync('kube-system/agent');
    assert.deepEqual(calls.filter((c) => !c.startsWith('event')), ['create revision 1', 'create pod for a', 'create pod for b', 'create pod for c']);
    const revision = stores.revisions.list()[0]!;
    assert.match(revision.metadata!.name!, /^agent-[bcdfghjklmnpqrstvwxz2456789]+$/);
    assert.equal(created[0]!.metadata!.labels!['controller-revision-hash'], revision.metadata!.labels!['controller-revision-hash']);
    calls.length = 0;
    await syncer.sync('kube-system/agent');
    assert.deepEqual(calls, [], 'expectations hold back a second round of creates');
    for (const pod of created) {
      stores.pods.put(pod);
      syncer.expectations.creationObserved('kube-system/agent');
    }
    await syncer.sync('kube-system/agent');
    assert.deepEqual(calls, []);
    assert.deepEqual(statuses.at(-1), { currentNumberScheduled: 3, desiredNumberScheduled: 3, numberMisscheduled: 0, numberReady: 0, numberAvailable: 0, numberUnavailable: 3, updatedNumberScheduled: 3, observedGeneration: 1 });
  });

  it('a new template gets a new, higher revision', async () => {
    const { syncer, stores, calls } = setup([], daemonSet());
    await syncer.sync('kube-system/agent');
    stores.daemonSets.put(daemonSet({ image: 'agent:2' }));
    await syncer.sync('kube-system/agent');
    assert.deepEqual(calls.filter((c) => c.includes('revision')), ['create revision 1', 'create revision 2']);
    const names = new Set(stores.revisions.list().map((r) => r.metadata!.name));
    assert.equal(names.size, 2);
  });
});
