import { test } from 'node:test';
import assert from 'node:assert/strict';
import { updateConditions, type PassOutcome } from './conditions.ts';

const clean: PassOutcome = { discoveryFailures: [], contentErrors: [], remainingByResource: new Map(), remainingByFinalizer: new Map() };

test('every managed condition is written once, then only changes move lastTransitionTime', () => {
  const first = updateConditions(undefined, clean, 't1');
  assert.equal(first.changed, true);
  assert.deepEqual(first.conditions.map((c) => [c.type, c.status, c.reason]), [
    ['NamespaceDeletionDiscoveryFailure', 'False', 'ResourcesDiscovered'],
    ['NamespaceDeletionGroupVersionParsingFailure', 'False', 'ParsedGroupVersions'],
    ['NamespaceDeletionContentFailure', 'False', 'ContentDeleted'],
    ['NamespaceContentRemaining', 'False', 'ContentRemoved'],
    ['NamespaceFinalizersRemaining', 'False', 'ContentHasNoFinalizers'],
  ]);
  assert.equal(updateConditions(first.conditions, clean, 't2').changed, false);

  const remaining = { ...clean, remainingByResource: new Map([['pods.', 3], ['deployments.apps', 1]]) };
  const second = updateConditions(first.conditions, remaining, 't3');
  const c = second.conditions.find((x) => x.type === 'NamespaceContentRemaining')!;
  assert.equal(c.message, 'Some resources are remaining: deployments.apps has 1 resource instances, pods. has 3 resource instances');
  assert.equal(c.lastTransitionTime, 't3');
  const third = updateConditions(second.conditions, { ...remaining, remainingByResource: new Map([['pods.', 1]]) }, 't4');
  assert.equal(third.conditions.find((x) => x.type === 'NamespaceContentRemaining')!.lastTransitionTime, 't3', 'same status: the transition time stays');
});

test('conditions of other types are kept', () => {
  const { conditions } = updateConditions([{ type: 'Other', status: 'True' }], clean, 't');
  assert.equal(conditions[0]!.type, 'Other');
  assert.equal(conditions.length, 6);
});
