// Table-driven tests of the Deployment controller's pure parts: fenceposts, proportions, hash,
// revisions and conditions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1.d.ts';
import { DESIRED_REPLICAS, MAX_REPLICAS, REVISION, REVISION_HISTORY, setNewReplicaSetAnnotations } from './annotations.ts';
import { calculateStatus, rolloutStatus, stuckRequeueMs } from './conditions.ts';
import { getProportion, maxSurge, maxUnavailable, newRSNewReplicas, resolveFenceposts } from './replicas.ts';
import { computeHash, equalIgnoreHash } from './template.ts';

const NOW = Date.UTC(2024, 0, 1, 12);
const t = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function deployment(replicas: number, surge: number | string = '25%', unavailable: number | string = '25%', extra: Partial<Deployment> = {}): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', uid: 'uid-d', generation: 1 },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } }, progressDeadlineSeconds: 600, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'v1' }] } } },
    ...extra,
  };
}

function rs(name: string, replicas: number, o: { available?: number; actual?: number; annotations?: Record<string, string> } = {}): ReplicaSet {
  return {
    metadata: { name, uid: `uid-${name}`, annotations: o.annotations ?? {} },
    spec: { replicas, selector: {}, template: {} },
    status: { replicas: o.actual ?? replicas, availableReplicas: o.available ?? 0 },
  };
}

test('fenceposts: surge rounds up, unavailable rounds down, both zero means one unavailable', () => {
  const cases: [number | string, number | string, number, number, number][] = [
    ['25%', '25%', 10, 3, 2],
    ['25%', '25%', 1, 1, 0],
    [1, 0, 10, 1, 0],
    ['0%', '0%', 10, 0, 1],
    ['10%', '10%', 5, 1, 0],
    [0, '5%', 10, 0, 1],
    [2, 3, 10, 2, 3],
  ];
  for (const [s, u, desired, wantSurge, wantUnavailable] of cases) {
    assert.deepEqual(resolveFenceposts(s, u, desired), { surge: wantSurge, unavailable: wantUnavailable }, `${s}/${u} of ${desired}`);
  }
  assert.equal(maxUnavailable(deployment(2, 0, 5)), 2, 'capped at replicas');
  assert.equal(maxUnavailable(deployment(0, 1, 1)), 0);
  assert.equal(maxSurge(deployment(3, 1, 1, { spec: { ...deployment(3).spec!, strategy: { type: 'Recreate' } } })), 0);
  assert.throws(() => resolveFenceposts('abc', 0, 1), /invalid value/);
});

test('new ReplicaSet size: bounded by surge and by what is still missing', () => {
  const cases = [
    { d: deployment(10, 1, 0), rss: [rs('old', 10), rs('new', 0)], want: 1 },
    { d: deployment(10, 1, 0), rss: [rs('old', 10), rs('new', 1)], want: 1 },
    { d: deployment(10, 3, 0), rss: [rs('old', 8), rs('new', 0)], want: 5 },
    { d: deployment(10, '25%', '25%'), rss: [rs('new', 0)], want: 10 },
  ];
  for (const c of cases) assert.equal(newRSNewReplicas(c.d, c.rss, c.rss.at(-1)!), c.want);
});

test('proportional scaling shares a change by size since the last sizing', () => {
  const d = deployment(15, 3, 0);
  const annotated = { [DESIRED_REPLICAS]: '10', [MAX_REPLICAS]: '13' };
  // 13 pods were allowed; now 18 are: each ReplicaSet grows by its share, rounded.
  assert.equal(getProportion(rs('a', 8, { annotations: annotated }), d, 5, 0), 3);
  assert.equal(getProportion(rs('b', 5, { annotations: annotated }), d, 5, 3), 2);
  assert.equal(getProportion(rs('c', 5, { annotations: annotated }), d, 5, 5), 0, 'nothing left to add');
  assert.equal(getProportion(rs('z', 0), d, 5, 0), 0, 'empty ReplicaSets get nothing');
  assert.equal(getProportion(rs('a', 8, { annotations: annotated }), deployment(0, 3, 0), -13, 0), -8, 'scaling to zero removes everything');
});

test('pod-template-hash: stable, safe, sensitive to the template and the collision count', () => {
  const template = deployment(1).spec!.template;
  const h = computeHash(template);
  assert.match(h, /^[bcdfghjklmnpqrstvwxz2456789]+$/);
  assert.equal(computeHash(structuredClone(template)), h);
  assert.equal(computeHash({ spec: template.spec, metadata: { labels: { app: 'web' } } }), h, 'key order does not matter');
  assert.notEqual(computeHash({ ...template, spec: { containers: [{ name: 'c', image: 'v2' }] } }), h);
  assert.notEqual(computeHash(template, 1), h);
  assert.notEqual(computeHash(template, 1), computeHash(template, 2));
  const labelled = { ...template, metadata: { labels: { app: 'web', 'pod-template-hash': h } } };
  assert.ok(equalIgnoreHash(labelled, template));
  assert.ok(equalIgnoreHash({ metadata: { labels: {} }, spec: template.spec }, { spec: template.spec }), 'empty and missing maps are equal');
  assert.ok(!equalIgnoreHash({ ...template, spec: { containers: [{ name: 'c', image: 'v2' }] } }, template));
});

test('revisions: raised to the next number with the old one remembered', () => {
  const cases = [
    { old: undefined, history: undefined, next: 1, want: ['1', undefined] },
    { old: '1', history: undefined, next: 3, want: ['3', '1'] },
    { old: '3', history: '1', next: 5, want: ['5', '1,3'] },
    { old: '5', history: '1,3', next: 5, want: ['5', '1,3'] },
  ];
  for (const c of cases) {
    const r = rs('x', 1, { annotations: { ...(c.old ? { [REVISION]: c.old } : {}), ...(c.history ? { [REVISION_HISTORY]: c.history } : {}) } });
    setNewReplicaSetAnnotations(deployment(1), r, c.next, true, 0);
    assert.deepEqual([r.metadata?.annotations?.[REVISION], r.metadata?.annotations?.[REVISION_HISTORY]], c.want, JSON.stringify(c));
  }
  const long = rs('x', 1, { annotations: { [REVISION]: '9', [REVISION_HISTORY]: '1,2,3,4' } });
  setNewReplicaSetAnnotations(deployment(1), long, 10, true, 0, 8);
  assert.equal(long.metadata?.annotations?.[REVISION_HISTORY], '2,3,4,9', 'oldest entries dropped past the limit');
  const fresh = rs('y', 0);
  const d = deployment(10, 2, 0, { metadata: { name: 'web', annotations: { 'kubernetes.io/change-cause': 'v2', [REVISION]: '7' } } });
  setNewReplicaSetAnnotations(d, fresh, 2, false, 2);
  assert.deepEqual(fresh.metadata?.annotations, { 'kubernetes.io/change-cause': 'v2', [REVISION]: '2', [DESIRED_REPLICAS]: '10', [MAX_REPLICAS]: '12' });
});

test('conditions: the reasons and messages kubectl rollout status reads', () => {
  const d = deployment(3, 1, 0);
  const newRS = { ...rs('web-abc', 3, { available: 3 }), status: { replicas: 3, availableReplicas: 3, readyReplicas: 3 } };
  const done = rolloutStatus([newRS], newRS, d, NOW);
  const byType = Object.fromEntries((done.conditions ?? []).map((c) => [c.type, [c.status, c.reason, c.message]]));
  assert.deepEqual(byType.Available, ['True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.']);
  assert.deepEqual(byType.Progressing, ['True', 'NewReplicaSetAvailable', 'ReplicaSet "web-abc" has successfully progressed.']);
  assert.deepEqual([done.replicas, done.updatedReplicas, done.availableReplicas, done.unavailableReplicas], [3, 3, 3, 0]);

  const midway = rs('web-abc', 3, { available: 1, actual: 3 });
  const progressing = rolloutStatus([midway], midway, { ...d, status: { replicas: 3, updatedReplicas: 2 } }, NOW);
  assert.deepEqual(progressing.conditions?.find((c) => c.type === 'Progressing')?.reason, 'ReplicaSetUpdated');
  assert.equal(progressing.conditions?.find((c) => c.type === 'Available')?.reason, 'MinimumReplicasUnavailable');

  const stale = { ...d, status: { replicas: 3, updatedReplicas: 3, availableReplicas: 1, conditions: [{ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', lastUpdateTime: t(NOW - 601_000), lastTransitionTime: t(NOW - 601_000) }] } };
  const timedOut = rolloutStatus([midway], midway, stale, NOW);
  const p = timedOut.conditions?.find((c) => c.type === 'Progressing');
  assert.deepEqual([p?.status, p?.reason, p?.message], ['False', 'ProgressDeadlineExceeded', 'ReplicaSet "web-abc" has timed out progressing.']);

  const waiting = { ...stale, status: { ...stale.status, conditions: [{ ...stale.status.conditions[0]!, lastUpdateTime: t(NOW - 100_000) }] } };
  assert.equal(stuckRequeueMs(waiting, calculateStatus([midway], midway, waiting, NOW), NOW), 501_000);
});
