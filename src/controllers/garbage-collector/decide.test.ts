import { test } from 'node:test';
import assert from 'node:assert/strict';
import { builtinRegistry } from '../../api/schema/registry.ts';
import { decide, type Decision, type DecisionInput } from './decide.ts';
import { monitoredResources } from './resources.ts';

const base: DecisionInput = { owners: [], finalizers: [], hasDependents: false, aDependentIsDeletingDependents: false };

const cases: { name: string; input: Partial<DecisionInput>; want: Decision }[] = [
  { name: 'no owners', input: {}, want: { action: 'none' } },
  { name: 'all owners solid', input: { owners: [{ uid: 'a', state: 'solid' }] }, want: { action: 'none' } },
  {
    name: 'a solid owner keeps it; dangling and waiting references go',
    input: { owners: [{ uid: 'a', state: 'solid' }, { uid: 'b', state: 'dangling' }, { uid: 'c', state: 'waiting' }] },
    want: { action: 'removeOwnerReferences', uids: ['b', 'c'] },
  },
  { name: 'every owner gone: background', input: { owners: [{ uid: 'a', state: 'dangling' }] }, want: { action: 'delete', policy: 'Background', unblock: [] } },
  { name: 'an orphan finalizer already asked for is honoured', input: { owners: [{ uid: 'a', state: 'dangling' }], finalizers: ['orphan'] }, want: { action: 'delete', policy: 'Orphan', unblock: [] } },
  { name: 'a foreground finalizer already asked for is honoured', input: { owners: [{ uid: 'a', state: 'dangling' }], finalizers: ['foregroundDeletion'] }, want: { action: 'delete', policy: 'Foreground', unblock: [] } },
  { name: 'waiting owner, no dependents: background', input: { owners: [{ uid: 'a', state: 'waiting' }] }, want: { action: 'delete', policy: 'Background', unblock: [] } },
  { name: 'waiting owner, with dependents: foreground', input: { owners: [{ uid: 'a', state: 'waiting' }], hasDependents: true }, want: { action: 'delete', policy: 'Foreground', unblock: [] } },
  {
    name: 'waiting owner and a dependent waiting too: unblock to avoid a cycle',
    input: { owners: [{ uid: 'a', state: 'waiting' }, { uid: 'b', state: 'dangling' }], hasDependents: true, aDependentIsDeletingDependents: true },
    want: { action: 'delete', policy: 'Foreground', unblock: ['a'] },
  },
];

for (const c of cases) {
  test(`decide: ${c.name}`, () => assert.deepEqual(decide({ ...base, ...c.input }), c.want));
}

test('monitored resources: one version per resource, no events, no virtual kinds', () => {
  const resources = monitoredResources(builtinRegistry());
  const names = resources.map((r) => `${r.group}/${r.version}/${r.plural}`);
  assert.ok(names.includes('apps/v1/replicasets') && names.includes('/v1/pods') && names.includes('/v1/namespaces'));
  assert.ok(names.includes('autoscaling/v2/horizontalpodautoscalers') && !names.includes('autoscaling/v1/horizontalpodautoscalers'));
  assert.ok(!names.some((n) => n.endsWith('/events') || n.endsWith('/bindings') || n.endsWith('reviews')));
});
