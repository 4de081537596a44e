import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Namespace, NamespaceCondition } from 'kubernetes-types/core/v1.d.ts';
import { ApiStatusError, FakeClock, type KubeObject, type ResourceRef } from '../../client/index.ts';
import { createLogger } from '../../log/logger.ts';
import type { DiscoveredResource, Discovery, NamespaceApi } from './api.ts';
import { NamespaceDeleter } from './deleter.ts';

const quiet = createLogger({ level: 'error', write: () => undefined });
const all = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const pods: DiscoveredResource = { group: '', version: 'v1', plural: 'pods', namespaced: true, verbs: all };
const configmaps: DiscoveredResource = { group: '', version: 'v1', plural: 'configmaps', namespaced: true, verbs: all };
const widgets: DiscoveredResource = { group: 'example.com', version: 'v1', plural: 'widgets', namespaced: true, verbs: ['delete', 'get', 'list'] };

const conflict = () => new ApiStatusError(409, 'Conflict', 'the object has been modified');

/** Objects per resource in namespace "doomed"; pods on a node and objects with finalizers stay (marked) when deleted, as the server keeps them. */
class FakeNamespaceApi implements NamespaceApi {
  ns: Namespace | undefined;
  readonly objects = new Map<string, KubeObject[]>();
  readonly calls: string[] = [];
  discovery: Discovery = { resources: [pods, configmaps, widgets], failures: [] };
  failDeleteOf?: string;
  statusConflicts = 0;

  constructor(deleting = true) {
    this.ns = { metadata: { name: 'doomed', uid: 'u1', ...(deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}) }, spec: { finalizers: ['kubernetes'] }, status: { phase: deleting ? 'Terminating' : 'Active' } };
  }

  put(resource: ResourceRef, obj: KubeObject): void {
    this.objects.set(resource.plural, [...(this.objects.get(resource.plural) ?? []), obj]);
  }

  async getNamespace(): Promise<Namespace | undefined> {
    this.calls.push('get');
    return structuredClone(this.ns);
  }
  async updateStatus(ns: Namespace): Promise<Namespace> {
    this.calls.push('status');
    if (this.statusConflicts-- > 0) throw conflict();
    this.ns = structuredClone(ns);
    return ns;
  }
  async finalize(ns: Namespace): Promise<Namespace> {
    this.calls.push('finalize');
    this.ns = ns.spec?.finalizers?.length ? structuredClone(ns) : undefined;
    return ns;
  }
  async discover(): Promise<Discovery> {
    return this.discovery;
  }
  async list(resource: ResourceRef): Promise<KubeObject[]> {
    return structuredClone(this.objects.get(resource.plural) ?? []);
  }
  async deleteCollection(resource: ResourceRef): Promise<void> {
    this.calls.push(`deletecollection ${resource.plural}`);
    if (this.failDeleteOf === resource.plural) throw new Error(`cannot delete ${resource.plural}`);
    this.objects.set(resource.plural, (this.objects.get(resource.plural) ?? []).filter(stays).map(marked));
  }
  async delete(resource: ResourceRef, _ns: string, name: string): Promise<void> {
    this.calls.push(`delete ${resource.plural}/${name}`);
    this.objects.set(resource.plural, (this.objects.get(resource.plural) ?? []).filter((o) => o.metadata!.name !== name || stays(o)).map(marked));
  }
}

const stays = (o: KubeObject) => Boolean((o as { spec?: { nodeName?: string } }).spec?.nodeName || o.metadata?.finalizers?.length);
const marked = (o: KubeObject): KubeObject => ({ ...o, metadata: { ...o.metadata, deletionTimestamp: '2024-01-01T00:00:00Z' } });
const condition = (api: FakeNamespaceApi, type: string): NamespaceCondition | undefined => api.ns?.status?.conditions?.find((c) => c.type === type);

function deleterFor(api: FakeNamespaceApi, secondsAfterDeletion = 0) {
  const clock = new FakeClock(Date.parse('2024-01-01T00:00:00Z') + secondsAfterDeletion * 1000);
  return new NamespaceDeleter({ api, clock, logger: quiet });
}

test('a namespace that is not being deleted is left alone', async () => {
  const api = new FakeNamespaceApi(false);
  api.put(configmaps, { metadata: { name: 'keep' } });
  assert.equal(await deleterFor(api).sync('doomed'), undefined);
  assert.deepEqual(api.calls, ['get']);
});

test('content is deleted (deletecollection, or one by one), conditions report success, and the namespace is finalized', async () => {
  const api = new FakeNamespaceApi();
  api.put(configmaps, { metadata: { name: 'a' } });
  api.put(pods, { metadata: { name: 'p' } });
  api.put(widgets, { metadata: { name: 'w' } });
  assert.equal(await deleterFor(api).sync('doomed'), undefined);
  assert.ok(api.calls.includes('deletecollection configmaps') && api.calls.includes('delete widgets/w'));
  assert.equal(api.calls.at(-1), 'finalize');
  assert.equal(api.ns, undefined, 'the server removed it once spec.finalizers emptied');
});

test('the phase is set to Terminating first, retrying on conflict', async () => {
  const api = new FakeNamespaceApi();
  api.ns!.status = { phase: 'Active' };
  api.statusConflicts = 1;
  const result = await deleterFor(api).sync('doomed');
  assert.equal(result, undefined);
  assert.deepEqual(api.calls.slice(0, 4), ['get', 'status', 'get', 'status']);
});

const remainingCases = [
  {
    name: 'pods on a node wait their grace period, less the time already passed',
    setup: (api: FakeNamespaceApi) => api.put(pods, { metadata: { name: 'p' }, spec: { nodeName: 'n1', terminationGracePeriodSeconds: 30, containers: [] } } as KubeObject),
    after: 10,
    estimate: 20,
    conditions: { NamespaceContentRemaining: ['True', 'SomeResourcesRemain', 'Some resources are remaining: pods. has 1 resource instances'], NamespaceFinalizersRemaining: ['False', 'ContentHasNoFinalizers', 'All content-preserving finalizers finished'] },
  },
  {
    name: 'objects held by finalizers get upstream\'s 15 s guess',
    setup: (api: FakeNamespaceApi) => {
      api.put(configmaps, { metadata: { name: 'a', finalizers: ['example.com/hold'] } });
      api.put(configmaps, { metadata: { name: 'b', finalizers: ['example.com/hold', 'orphan'] } });
    },
    after: 0,
    estimate: 15,
    conditions: {
      NamespaceContentRemaining: ['True', 'SomeResourcesRemain', 'Some resources are remaining: configmaps. has 2 resource instances'],
      NamespaceFinalizersRemaining: ['True', 'SomeFinalizerRemain', 'Some finalizers are remaining: example.com/hold in 2 resource instances, orphan in 1 resource instances'],
      NamespaceDeletionContentFailure: ['False', 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization'],
    },
  },
];

for (const c of remainingCases) {
  test(`content remaining: ${c.name}`, async () => {
    const api = new FakeNamespaceApi();
    c.setup(api);
    assert.equal(await deleterFor(api, c.after).sync('doomed'), c.estimate);
    assert.ok(!api.calls.includes('finalize'));
    for (const [type, [status, reason, message]] of Object.entries(c.conditions)) {
      assert.deepEqual(condition(api, type), { type, status, reason, message, lastTransitionTime: condition(api, type)!.lastTransitionTime });
    }
  });
}

test('a resource that cannot be emptied fails the pass with NamespaceDeletionContentFailure; discovery failures are reported', async () => {
  const api = new FakeNamespaceApi();
  api.put(configmaps, { metadata: { name: 'a' } });
  api.failDeleteOf = 'configmaps';
  api.discovery = { ...api.discovery, failures: ['example.com/v2: boom'] };
  await assert.rejects(deleterFor(api).sync('doomed'), /cannot delete configmaps/);
  assert.equal(condition(api, 'NamespaceDeletionContentFailure')?.reason, 'ContentDeletionFailed');
  assert.equal(condition(api, 'NamespaceDeletionContentFailure')?.message, 'Failed to delete all resource types, 1 remaining: cannot delete configmaps');
  assert.equal(condition(api, 'NamespaceDeletionDiscoveryFailure')?.reason, 'DiscoveryFailed');
  assert.ok(!api.calls.includes('finalize'));
});
