import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergedMultiPoint, parseConfiguration, pluginsForPoint, type Profile } from './config.ts';

test('parseConfiguration fills defaults and validates', () => {
  const ok = parseConfiguration('apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n');
  assert.deepEqual(ok.profiles.map((p) => p.schedulerName), ['default-scheduler']);
  assert.equal(ok.podMaxBackoffSeconds, 10);
  const bad = [
    ['wrong kind', 'apiVersion: v1\nkind: Pod\n', /KubeSchedulerConfiguration/],
    ['duplicate profile', 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles: [{schedulerName: a}, {schedulerName: a}]\n', /duplicate/],
    ['percentage', 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\npercentageOfNodesToScore: 150\n', /0\.\.100/],
    ['backoff', 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\npodInitialBackoffSeconds: 20\n', /podMaxBackoffSeconds/],
  ] as const;
  for (const [name, text, re] of bad) assert.throws(() => parseConfiguration(text), re, name);
});

test('plugin sets: multiPoint merge, per-point enable/disable, weights', () => {
  const implementsAll = () => true;
  const names = (p: Profile, point: Parameters<typeof pluginsForPoint>[1]) => pluginsForPoint(p, point, implementsAll).map((r) => `${r.name}${r.weight ? ':' + r.weight : ''}`);
  const base: Profile = { schedulerName: 's' };
  assert.equal(mergedMultiPoint(base).length, 14);
  assert.deepEqual(names({ schedulerName: 's', plugins: { multiPoint: { disabled: [{ name: '*' }], enabled: [{ name: 'PrioritySort' }, { name: 'DefaultBinder' }] } } }, 'score'), ['PrioritySort', 'DefaultBinder']);
  const tuned: Profile = { schedulerName: 's', plugins: { score: { enabled: [{ name: 'ImageLocality', weight: 5 }], disabled: [{ name: 'NodeResourcesBalancedAllocation' }] } } };
  const score = names(tuned, 'score');
  assert.equal(score[0], 'ImageLocality:5', 'explicit first, with its weight');
  assert.ok(!score.includes('NodeResourcesBalancedAllocation'));
  assert.ok(score.includes('TaintToleration:3'));
  assert.equal(score.filter((s) => s.startsWith('ImageLocality')).length, 1);
  assert.deepEqual(names({ schedulerName: 's', plugins: { filter: { disabled: [{ name: '*' }] } } }, 'filter'), []);
  assert.deepEqual(mergedMultiPoint({ schedulerName: 's', plugins: { multiPoint: { enabled: [{ name: 'NodeAffinity', weight: 7 }] } } }).find((r) => r.name === 'NodeAffinity'), { name: 'NodeAffinity', weight: 7 });
});
