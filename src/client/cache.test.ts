import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { parseSelector } from '../api/selectors/index.ts';
import { Store, objectKey, splitKey } from './cache.ts';

const pod = (ns: string, name: string, labels: Record<string, string> = {}, owner?: string, node?: string): Pod => ({
  metadata: { namespace: ns, name, labels, ownerReferences: owner ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: owner }] : [] },
  spec: { containers: [], nodeName: node },
});

function names(pods: Pod[]): string[] {
  return pods.map(objectKey).sort();
}

test('keys', () => {
  assert.equal(objectKey(pod('ns', 'a')), 'ns/a');
  assert.equal(objectKey({ metadata: { name: 'node-1' } }), 'node-1');
  assert.deepEqual(splitKey('ns/a'), { namespace: 'ns', name: 'a' });
  assert.deepEqual(splitKey('node-1'), { name: 'node-1' });
});

test('indexes by namespace, label selector, owner and custom index follow updates and removals', () => {
  const store = new Store<Pod>();
  store.put(pod('a', 'web-1', { app: 'web', tier: 'fe' }, 'rs1', 'n1'));
  store.put(pod('a', 'web-2', { app: 'web' }, 'rs1'));
  store.put(pod('b', 'db-1', { app: 'db' }, 'rs2', 'n1'));
  store.addIndex('node', (p) => (p.spec?.nodeName ? [p.spec.nodeName] : []));
  const cases: [string, Pod[], string[]][] = [
    ['all', store.list(), ['a/web-1', 'a/web-2', 'b/db-1']],
    ['namespace a', store.list(undefined, 'a'), ['a/web-1', 'a/web-2']],
    ['app=web', store.list(parseSelector('app=web')), ['a/web-1', 'a/web-2']],
    ['app in (web,db),tier', store.list(parseSelector('app in (web,db),tier')), ['a/web-1']],
    ['app!=web', store.list(parseSelector('app!=web')), ['b/db-1']],
    ['app=db in a', store.list(parseSelector('app=db'), 'a'), []],
    ['owner rs1', store.byOwner('rs1'), ['a/web-1', 'a/web-2']],
    ['node n1', store.byIndex('node', 'n1'), ['a/web-1', 'b/db-1']],
  ];
  for (const [name, got, want] of cases) assert.deepEqual(names(got), want, name);

  store.put(pod('a', 'web-1', { app: 'api' }, 'rs2'));
  assert.deepEqual(names(store.list(parseSelector('app=web'))), ['a/web-2']);
  assert.deepEqual(names(store.byOwner('rs2')), ['a/web-1', 'b/db-1']);
  assert.deepEqual(names(store.byIndex('node', 'n1')), ['b/db-1']);
  store.remove('b/db-1');
  assert.deepEqual(names(store.byOwner('rs2')), ['a/web-1']);
  assert.equal(store.size(), 2);
});

test('stored objects are frozen, deeply', () => {
  const store = new Store<Pod>();
  store.put(pod('a', 'x', { app: 'web' }));
  const got = store.getByName('a', 'x')!;
  assert.throws(() => {
    (got.metadata!.labels as Record<string, string>).app = 'changed';
  }, TypeError);
  const copy = structuredClone(got);
  (copy.metadata!.labels as Record<string, string>).app = 'changed';
  assert.equal(store.get('a/x')!.metadata!.labels!.app, 'web');
});
