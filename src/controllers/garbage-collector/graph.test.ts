import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OwnerReference } from 'kubernetes-types/meta/v1.d.ts';
import { OwnershipGraph } from './graph.ts';

const cm = { apiVersion: 'v1', kind: 'ConfigMap' };
const ref = (uid: string, blockOwnerDeletion = true): OwnerReference => ({ apiVersion: 'v1', kind: 'ConfigMap', name: uid, uid, blockOwnerDeletion });
const obj = (uid: string, owners: OwnerReference[] = [], extra: { deletionTimestamp?: string; finalizers?: string[] } = {}) => ({ metadata: { name: uid, namespace: 'ns', uid, ownerReferences: owners, ...extra } });

test('an unknown owner becomes a virtual node to verify, and goes when no one references it', () => {
  const g = new OwnershipGraph();
  const work = g.observe(obj('child', [ref('owner')]), cm);
  assert.deepEqual([...work.attemptToDelete], ['owner']);
  assert.equal(g.get('owner')?.virtual, true);
  g.observe(obj('child'), cm);
  assert.equal(g.get('owner'), undefined);
});

test('foreground transition queues the owner and its dependents; a dependent leaving requeues the owner', () => {
  const g = new OwnershipGraph();
  g.observe(obj('owner'), cm);
  g.observe(obj('a', [ref('owner')]), cm);
  g.observe(obj('b', [ref('owner', false)]), cm);
  const work = g.observe(obj('owner', [], { deletionTimestamp: 'now', finalizers: ['foregroundDeletion'] }), cm);
  assert.deepEqual([...work.attemptToDelete].sort(), ['a', 'b', 'owner']);
  assert.deepEqual(g.blockingDependents('owner').map((n) => n.identity.uid), ['a']);
  assert.deepEqual([...g.observeDelete(obj('a')).work.attemptToDelete], ['owner']);
  assert.deepEqual(g.blockingDependents('owner'), []);
});

test('orphan transition queues the owner once', () => {
  const g = new OwnershipGraph();
  const deleting = obj('owner', [], { deletionTimestamp: 'now', finalizers: ['orphan'] });
  assert.deepEqual([...g.observe(deleting, cm).attemptToOrphan], ['owner']);
  assert.deepEqual([...g.observe(deleting, cm).attemptToOrphan], []);
});

test('a deleted owner sends its dependents to be collected', () => {
  const g = new OwnershipGraph();
  g.observe(obj('owner'), cm);
  g.observe(obj('a', [ref('owner')]), cm);
  const { node, work } = g.observeDelete(obj('owner'));
  assert.equal(node?.dependents.size, 1);
  assert.deepEqual([...work.attemptToDelete], ['a']);
});
