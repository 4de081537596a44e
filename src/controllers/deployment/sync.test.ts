// DeploymentSyncer against in-memory stores and a recording fake API: first sync creates the new
// ReplicaSet, a template change starts a surge-bounded rollout, a scaling event scales in proportion,
// a hash collision bumps collisionCount.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.d.ts';
import { ApiStatusError, FakeClock, Store } from '../../client/index.ts';
import { RecordingEvents, quietLogger, storeOf } from '../replicaset/testing.ts';
import { DESIRED_REPLICAS, MAX_REPLICAS, REVISION } from './annotations.ts';
import { DeploymentSyncer } from './controller.ts';
import type { DeploymentApi } from './rollout.ts';
import { computeHash } from './template.ts';

class FakeDeploymentApi implements DeploymentApi {
  readonly creates: ReplicaSet[] = [];
  readonly updates: ReplicaSet[] = [];
  readonly statuses: Deployment[] = [];
  constructor(readonly rss: Store<ReplicaSet>, readonly deployments: Store<Deployment>) {}
  async createReplicaSet(rs: ReplicaSet) {
    if (this.rss.getByName(rs.metadata!.namespace, rs.metadata!.name!)) throw new ApiStatusError(409, 'AlreadyExists', 'exists');
    const made: ReplicaSet = { ...structuredClone(rs), metadata: { ...rs.metadata, uid: `uid-${rs.metadata!.name}`, creationTimestamp: '2024-01-01T00:00:00Z' } };
    this.creates.push(made);
    this.rss.put(structuredClone(made));
    return made;
  }
  async getReplicaSet(_ns: string, name: string) {
    return structuredClone(this.rss.getByName('default', name)!);
  }
  async updateReplicaSet(rs: ReplicaSet) {
    this.updates.push(structuredClone(rs));
    this.rss.put(structuredClone(rs));
    return rs;
  }
  async deleteReplicaSet() {}
  async patchReplicaSet() {}
  async getDeployment(_ns: string, name: string) {
    return structuredClone(this.deployments.getByName('default', name)!);
  }
  async updateDeploymentStatus(d: Deployment) {
    this.statuses.push(structuredClone(d));
    this.deployments.put(structuredClone(d));
    return d;
  }
}

function deployment(replicas: number, image = 'v1'): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-d', generation: 1 },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      progressDeadlineSeconds: 600,
      revisionHistoryLimit: 10,
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image }] } },
    },
  };
}

function setup(d: Deployment, rss: ReplicaSet[] = []) {
  const deployments = storeOf(d);
  const replicaSets = storeOf(...rss);
  const api = new FakeDeploymentApi(replicaSets, deployments);
  const events = new RecordingEvents();
  const syncer = new DeploymentSyncer({ deployments, replicaSets, pods: new Store<Pod>(), api, recorder: events, clock: new FakeClock(Date.UTC(2024, 0, 1, 12)), logger: quietLogger });
  return { api, events, syncer, replicaSets, deployments };
}

test('the first sync creates the new ReplicaSet at full size, revision 1, with the hash label', async () => {
  const { api, events, syncer, deployments } = setup(deployment(3));
  await syncer.sync('default/web');
  const rs = api.creates[0]!;
  const hash = computeHash(deployment(3).spec!.template);
  assert.equal(rs.metadata?.name, `web-${hash}`);
  assert.deepEqual(rs.spec?.selector?.matchLabels, { app: 'web', 'pod-template-hash': hash });
  assert.deepEqual(rs.spec?.template?.metadata?.labels, { app: 'web', 'pod-template-hash': hash });
  assert.equal(rs.spec?.replicas, 3);
  assert.deepEqual([rs.metadata?.annotations?.[REVISION], rs.metadata?.annotations?.[DESIRED_REPLICAS], rs.metadata?.annotations?.[MAX_REPLICAS]], ['1', '3', '4']);
  assert.equal(rs.metadata?.ownerReferences?.[0]?.uid, 'uid-d');
  assert.deepEqual(events.events.map((e) => e.message), [`Scaled up replica set web-${hash} from 0 to 3`]);
  const d = deployments.get('default/web')!;
  assert.equal(d.metadata?.annotations?.[REVISION], '1');
  assert.equal(d.status?.conditions?.find((c) => c.type === 'Progressing')?.reason, 'NewReplicaSetCreated');
});

test('a new template surges one pod at a time and scales old pods down only when new ones are available', async () => {
  const { api, syncer, replicaSets, deployments } = setup(deployment(3));
  await syncer.sync('default/web');
  const old: ReplicaSet = { ...structuredClone(replicaSets.list()[0]!), status: { replicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 } };
  replicaSets.put(old);
  deployments.put({ ...deployment(3, 'v2'), metadata: { ...deployment(3).metadata, generation: 2, annotations: { [REVISION]: '1' } } });
  await syncer.sync('default/web');
  const created = api.creates.at(-1)!;
  assert.equal(created.spec?.replicas, 1, 'maxSurge 1');
  assert.equal(created.metadata?.annotations?.[REVISION], '2');
  await syncer.sync('default/web');
  assert.equal(replicaSets.getByName('default', old.metadata!.name!)!.spec?.replicas, 3, 'no scale-down before the new pod is available');
  const fresh: ReplicaSet = { ...structuredClone(replicaSets.getByName('default', created.metadata!.name!)!), status: { replicas: 1, readyReplicas: 1, availableReplicas: 1 } };
  replicaSets.put(fresh);
  await syncer.sync('default/web');
  assert.equal(replicaSets.getByName('default', old.metadata!.name!)!.spec?.replicas, 2, 'one old pod goes once a new one is available');
});

test('scaling mid-rollout spreads the new pods proportionally', async () => {
  const d = deployment(10);
  d.spec!.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 2 } };
  const annotations = { [DESIRED_REPLICAS]: '10', [MAX_REPLICAS]: '13' };
  const mk = (name: string, replicas: number, revision: string, image: string, created: string): ReplicaSet => ({
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, creationTimestamp: created, labels: { app: 'web' }, annotations: { ...annotations, [REVISION]: revision }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'uid-d', controller: true }] },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image }] } } },
    status: { replicas, availableReplicas: replicas },
  });
  const { syncer, replicaSets, events } = setup({ ...deployment(20), spec: { ...d.spec!, replicas: 20 }, status: { replicas: 13 } }, [mk('web-old', 8, '1', 'v0', '2024-01-01T00:00:00Z'), mk('web-new', 5, '2', 'v1', '2024-01-01T00:01:00Z')]);
  await syncer.sync('default/web');
  // 13 → 23 allowed (20 + surge 3): 8·23/13 ≈ 14, 5·23/13 ≈ 9.
  assert.deepEqual([replicaSets.getByName('default', 'web-old')!.spec?.replicas, replicaSets.getByName('default', 'web-new')!.spec?.replicas], [14, 9]);
  assert.ok(events.events.some((e) => e.message === 'Scaled up replica set web-old from 8 to 14'));
});

test('a name taken by a foreign ReplicaSet bumps collisionCount', async () => {
  const d = deployment(1);
  const hash = computeHash(d.spec!.template);
  const foreign: ReplicaSet = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: `web-${hash}`, namespace: 'default', uid: 'other', labels: { app: 'nope' } }, spec: { selector: { matchLabels: { app: 'nope' } }, template: {} } };
  const { syncer, deployments, api } = setup(d, [foreign]);
  await assert.rejects(syncer.sync('default/web'), (err: unknown) => err instanceof ApiStatusError && err.reason === 'AlreadyExists');
  assert.equal(deployments.get('default/web')!.status?.collisionCount, 1);
  await syncer.sync('default/web');
  assert.equal(api.creates.at(-1)?.metadata?.name, `web-${computeHash(d.spec!.template, 1)}`, 'the next sync uses the salted hash');
});
