import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { OwnerReference } from 'kubernetes-types/meta/v1.d.ts';
import { builtinRegistry } from '../../api/schema/registry.ts';
import type { KubeObject, ResourceRef } from '../../client/index.ts';
import { createLogger } from '../../log/logger.ts';
import type { GcApi } from './api.ts';
import type { Propagation } from './decide.ts';
import { GarbageCollector } from './garbage-collector.ts';
import { resourceFor, type MonitoredResource } from './resources.ts';

const registry = builtinRegistry();
const quiet = createLogger({ level: 'error', write: () => undefined });
const kinds: Record<string, [string, string]> = { deployments: ['apps/v1', 'Deployment'], replicasets: ['apps/v1', 'ReplicaSet'], pods: ['v1', 'Pod'], configmaps: ['v1', 'ConfigMap'] };
const resourceOf = (plural: string): MonitoredResource => resourceFor(registry, ...kinds[plural]!)!;

/**
 * An in-memory API server for the verbs the collector uses, with the server's deletion rules
 * (propagation finalizers, removal when the last finalizer goes), that reports every change to the
 * collector as its informers would.
 */
class FakeCluster implements GcApi {
  readonly objects = new Map<string, { resource: MonitoredResource; obj: KubeObject }>();
  readonly removed: string[] = [];
  readonly deletes: { name: string; policy: Propagation }[] = [];
  readonly deleteQueue = new Set<string>();
  readonly orphanQueue = new Set<string>();
  #uid = 0;
  readonly gc = new GarbageCollector({
    api: this,
    registry,
    logger: quiet,
    queues: { attemptToDelete: (u) => this.deleteQueue.add(u), attemptToOrphan: (u) => this.orphanQueue.add(u) },
  });

  add(plural: string, name: string, owners: KubeObject[] = [], extra: { finalizers?: string[]; blockOwnerDeletion?: boolean } = {}): KubeObject {
    const resource = resourceOf(plural);
    const ownerReferences: OwnerReference[] = owners.map((o) => ({ apiVersion: o.apiVersion!, kind: o.kind!, name: o.metadata!.name!, uid: o.metadata!.uid!, controller: true, blockOwnerDeletion: extra.blockOwnerDeletion ?? true }));
    const [apiVersion, kind] = kinds[plural]!;
    const obj: KubeObject = { apiVersion, kind, metadata: { name, namespace: 'ns', uid: `uid-${name}-${++this.#uid}`, ownerReferences, finalizers: extra.finalizers } };
    this.#put(resource, obj);
    return obj;
  }

  /** What `kubectl delete` does: the server's side of a delete request. */
  userDelete(obj: KubeObject, policy: Propagation = 'Background'): void {
    const found = [...this.objects.values()].find((e) => e.obj.metadata!.uid === obj.metadata!.uid)!;
    void this.delete(found.resource, 'ns', obj.metadata!.name!, obj.metadata!.uid!, policy, false);
  }

  has(name: string): boolean {
    return [...this.objects.values()].some((e) => e.obj.metadata!.name === name);
  }

  current(name: string): KubeObject {
    return [...this.objects.values()].find((e) => e.obj.metadata!.name === name)!.obj;
  }

  /** Runs the collector's workers until nothing is queued. */
  async settle(): Promise<void> {
    for (let i = 0; i < 1000 && (this.deleteQueue.size || this.orphanQueue.size); i++) {
      for (const uid of [...this.deleteQueue]) {
        this.deleteQueue.delete(uid);
        await this.gc.attemptToDelete(uid);
      }
      for (const uid of [...this.orphanQueue]) {
        this.orphanQueue.delete(uid);
        await this.gc.attemptToOrphan(uid);
      }
    }
  }

  async get(resource: ResourceRef, _ns: string | undefined, name: string): Promise<KubeObject | undefined> {
    return this.objects.get(`${resource.plural}/${name}`)?.obj;
  }

  async delete(resource: ResourceRef, _ns: string | undefined, name: string, uid: string, policy: Propagation, record = true): Promise<void> {
    const entry = this.objects.get(`${resource.plural}/${name}`);
    if (!entry || entry.obj.metadata!.uid !== uid) return;
    if (record) this.deletes.push({ name, policy });
    const obj = structuredClone(entry.obj);
    const finalizer = policy === 'Foreground' ? 'foregroundDeletion' : policy === 'Orphan' ? 'orphan' : undefined;
    const finalizers = obj.metadata!.finalizers ?? [];
    if (finalizer && !finalizers.includes(finalizer)) obj.metadata!.finalizers = [...finalizers, finalizer];
    Object.assign(obj.metadata!, { deletionTimestamp: obj.metadata!.deletionTimestamp ?? '2024-01-01T00:00:00Z' });
    this.#put(entry.resource, obj);
  }

  async patch(resource: ResourceRef, _ns: string | undefined, name: string, body: unknown): Promise<void> {
    const entry = this.objects.get(`${resource.plural}/${name}`);
    if (!entry) return;
    const obj = structuredClone(entry.obj);
    const meta = (body as { metadata: Record<string, unknown> }).metadata;
    const dropFinalizers = (meta['$deleteFromPrimitiveList/finalizers'] as string[] | undefined) ?? [];
    obj.metadata!.finalizers = (obj.metadata!.finalizers ?? []).filter((f) => !dropFinalizers.includes(f));
    for (const change of (meta.ownerReferences as { uid: string; $patch?: string; blockOwnerDeletion?: boolean }[] | undefined) ?? []) {
      const refs = obj.metadata!.ownerReferences ?? [];
      obj.metadata!.ownerReferences = change.$patch === 'delete' ? refs.filter((r) => r.uid !== change.uid) : refs.map((r) => (r.uid === change.uid ? { ...r, blockOwnerDeletion: change.blockOwnerDeletion } : r));
    }
    this.#put(entry.resource, obj);
  }

  #put(resource: MonitoredResource, obj: KubeObject): void {
    const key = `${resource.plural}/${obj.metadata!.name}`;
    if (obj.metadata!.deletionTimestamp && !obj.metadata!.finalizers?.length) {
      this.objects.delete(key);
      this.removed.push(obj.metadata!.name!);
      this.gc.observeDelete(obj);
      return;
    }
    this.objects.set(key, { resource, obj });
    this.gc.observe(resource, obj);
  }
}

/** deploy → rs → two pods, each reference blocking. */
function chain(c: FakeCluster, podFinalizers?: string[]) {
  const deploy = c.add('deployments', 'web');
  const rs = c.add('replicasets', 'web-1', [deploy]);
  const pods = ['web-1-a', 'web-1-b'].map((n) => c.add('pods', n, [rs], { finalizers: podFinalizers }));
  return { deploy, rs, pods };
}

test('background: deleting the owner collects its dependents and theirs', async () => {
  const c = new FakeCluster();
  const { deploy } = chain(c);
  await c.settle();
  assert.equal(c.objects.size, 4, 'nothing is collected while owners exist');
  c.userDelete(deploy);
  await c.settle();
  assert.equal(c.objects.size, 0);
  assert.deepEqual(c.deletes.map((d) => d.policy), ['Background', 'Background', 'Background']);
});

test('a dependent with another living owner only loses the reference to the one that went', async () => {
  const c = new FakeCluster();
  const a = c.add('configmaps', 'a');
  const b = c.add('configmaps', 'b');
  c.add('configmaps', 'shared', [a, b]);
  c.userDelete(a);
  await c.settle();
  assert.ok(c.has('shared'));
  assert.deepEqual(c.current('shared').metadata!.ownerReferences!.map((r) => r.name), ['b']);
});

test('foreground: dependents go first, blockers are waited for, the owner goes last', async () => {
  const c = new FakeCluster();
  const { deploy } = chain(c, ['test/hold']);
  c.userDelete(deploy, 'Foreground');
  await c.settle();
  assert.ok(c.has('web') && c.has('web-1'), 'owners wait while blocking pods are held by a finalizer');
  assert.deepEqual(c.current('web-1').metadata!.finalizers, ['foregroundDeletion'], 'the ReplicaSet is deleted in the foreground too');
  for (const name of ['web-1-a', 'web-1-b']) {
    assert.ok(c.current(name).metadata!.deletionTimestamp);
    await c.patch(resourceOf('pods'), 'ns', name, { metadata: { '$deleteFromPrimitiveList/finalizers': ['test/hold'] } });
  }
  await c.settle();
  assert.equal(c.objects.size, 0);
  assert.deepEqual(c.removed, ['web-1-a', 'web-1-b', 'web-1', 'web']);
});

test('foreground: a dependent whose reference does not block does not hold the owner', async () => {
  const c = new FakeCluster();
  const owner = c.add('configmaps', 'owner');
  c.add('configmaps', 'loose', [owner], { blockOwnerDeletion: false, finalizers: ['test/hold'] });
  c.userDelete(owner, 'Foreground');
  await c.settle();
  assert.ok(!c.has('owner'));
  assert.ok(c.current('loose').metadata!.deletionTimestamp, 'the dependent is still being deleted');
});

test('orphan: dependents lose the reference and stay; the owner goes', async () => {
  const c = new FakeCluster();
  const { deploy } = chain(c);
  c.userDelete(deploy, 'Orphan');
  await c.settle();
  assert.ok(!c.has('web'));
  assert.deepEqual(c.current('web-1').metadata!.ownerReferences, []);
  assert.equal(c.objects.size, 3);
});

test('an owner missing from the cache is looked up live: gone means collected, present means kept', async () => {
  const c = new FakeCluster();
  const ghost: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ghost', uid: 'never-existed' } };
  c.add('configmaps', 'orphaned', [ghost]);
  await c.settle();
  assert.ok(!c.has('orphaned'));

  // An owner the informer has not reported yet, but the server has.
  const newer: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'newer', namespace: 'ns', uid: 'uid-newer' } };
  c.objects.set('configmaps/newer', { resource: resourceOf('configmaps'), obj: newer });
  c.add('configmaps', 'child', [newer]);
  await c.settle();
  assert.ok(c.has('child'));
  assert.equal(c.gc.graph.get('uid-newer')?.virtual, true);
});

test('an owner replaced under the same name with a new uid counts as gone', async () => {
  const c = new FakeCluster();
  const old: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', uid: 'uid-old' } };
  c.add('configmaps', 'cfg');
  c.add('configmaps', 'child', [old]);
  await c.settle();
  assert.ok(!c.has('child'));
  assert.ok(c.has('cfg'));
});
