import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PersistentVolume, PersistentVolumeClaim } from 'kubernetes-types/core/v1.d.ts';
import { Snapshot } from '../../framework/cache.ts';
import { CycleState } from '../../framework/interface.ts';
import { Code } from '../../framework/status.ts';
import { staticListers } from '../../framework/listers.ts';
import { node, pod } from '../../testing/builders.ts';
import { fakeHandle, filterAll } from '../../testing/run-plugin.ts';
import { REASON_NODE_CONFLICT, REASON_PV_NOT_EXIST, REASON_UNBOUND_IMMEDIATE, VolumeBinding } from './volume-binding.ts';

const claim = (name: string, spec: PersistentVolumeClaim['spec'] = {}, deleting = false): PersistentVolumeClaim => ({ metadata: { name, namespace: 'default', ...(deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}) }, spec });
const localPV = (name: string, host: string): PersistentVolume => ({
  metadata: { name },
  spec: { nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [host] }] }] } } },
});
const listers = staticListers({
  pvcs: [claim('bound', { volumeName: 'pv-n1' }), claim('lost', { volumeName: 'pv-gone' }), claim('wffc', { storageClassName: 'local' }), claim('immediate', { storageClassName: 'fast' }), claim('going', {}, true)],
  pvs: [localPV('pv-n1', 'n1')],
  storageClasses: [{ metadata: { name: 'local' }, provisioner: 'x', volumeBindingMode: 'WaitForFirstConsumer' }, { metadata: { name: 'fast' }, provisioner: 'x', volumeBindingMode: 'Immediate' }],
});

test('VolumeBinding', () => {
  const snap = Snapshot.of([node('n1').obj(), node('n2').obj()]);
  const pl = new VolumeBinding(fakeHandle(snap, listers));
  const cases: [string, string[], Record<string, string>][] = [
    ['no claims', [], { n1: '', n2: '' }],
    ['a bound local PV pins the node', ['bound'], { n1: '', n2: REASON_NODE_CONFLICT }],
    ['a missing claim', ['nope'], { n1: 'persistentvolumeclaim "nope" not found', n2: 'persistentvolumeclaim "nope" not found' }],
    ['a terminating claim', ['going'], { n1: 'persistentvolumeclaim "going" is being deleted', n2: 'persistentvolumeclaim "going" is being deleted' }],
    ['bound to a PV that does not exist', ['lost'], { n1: REASON_PV_NOT_EXIST, n2: REASON_PV_NOT_EXIST }],
    ['WaitForFirstConsumer: any node (the PV controller binds later)', ['wffc'], { n1: '', n2: '' }],
    ['unbound Immediate claim waits', ['immediate'], { n1: REASON_UNBOUND_IMMEDIATE, n2: REASON_UNBOUND_IMMEDIATE }],
  ];
  for (const [name, claims, want] of cases) {
    const p = pod('p');
    for (const c of claims) p.pvc(c);
    assert.deepEqual(filterAll(pl, p.obj(), snap), want, name);
  }
  const missing = pl.preFilter(new CycleState(), pod('p').pvc('nope').obj());
  assert.equal(missing.code, Code.UnschedulableAndUnresolvable);
});
