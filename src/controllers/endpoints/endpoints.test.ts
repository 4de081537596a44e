import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Endpoints, Pod, Service } from 'kubernetes-types/core/v1.d.ts';
import { Store } from '../../client/index.ts';
import { EndpointsSyncer } from './endpoints.ts';
import { pod, service } from './testing.ts';

function setup(services: Service[], pods: Pod[], endpoints: Endpoints[] = []) {
  const stores = { services: new Store<Service>(), pods: new Store<Pod>(), endpoints: new Store<Endpoints>() };
  services.forEach((s) => stores.services.put(s));
  pods.forEach((p) => stores.pods.put(p));
  endpoints.forEach((e) => stores.endpoints.put(e));
  const writes: [string, unknown][] = [];
  const syncer = new EndpointsSyncer({
    ...stores,
    writer: {
      create: async (e) => {
        writes.push(['create', e]);
        stores.endpoints.put({ ...e, metadata: { ...e.metadata, resourceVersion: '1' } });
      },
      update: async (e) => void writes.push(['update', e]),
      delete: async (ns, name) => void writes.push(['delete', `${ns}/${name}`]),
    },
  });
  return { syncer, writes, stores };
}

describe('EndpointsSyncer', () => {
  it('creates Endpoints named after the Service with its labels, then leaves them alone while nothing changes', async () => {
    const { syncer, writes } = setup([service('web', { labels: { tier: 'front' } })], [pod('a', { ip: '10.42.0.5' })]);
    await syncer.sync('default/web');
    await syncer.sync('default/web');
    assert.equal(writes.length, 1);
    const [verb, obj] = writes[0]! as [string, Endpoints];
    assert.equal(verb, 'create');
    assert.deepEqual(obj.metadata, { name: 'web', namespace: 'default', labels: { tier: 'front' } });
    assert.deepEqual(obj.subsets![0]!.addresses!.map((a) => a.ip), ['10.42.0.5']);
  });

  it('updates when a pod turns ready, from a copy of the cached object', async () => {
    const { syncer, writes, stores } = setup([service('web')], [pod('a', { ip: '10.42.0.5', ready: false })]);
    await syncer.sync('default/web');
    stores.pods.put(pod('a', { ip: '10.42.0.5' }));
    await syncer.sync('default/web');
    const [verb, obj] = writes[1]! as [string, Endpoints];
    assert.equal(verb, 'update');
    assert.equal(obj.metadata!.resourceVersion, '1');
    assert.deepEqual(obj.subsets![0]!.addresses!.map((a) => a.ip), ['10.42.0.5']);
    assert.equal(obj.subsets![0]!.notReadyAddresses, undefined);
  });

  it('labels headless Services', async () => {
    const { syncer, writes } = setup([service('db', { clusterIP: 'None' })], []);
    await syncer.sync('default/db');
    assert.deepEqual((writes[0]![1] as Endpoints).metadata!.labels, { 'service.kubernetes.io/headless': '' });
  });

  it('leaves Services without a selector alone', async () => {
    const { syncer, writes } = setup([service('kubernetes', { selector: null })], [pod('a', { ip: '10.42.0.5' })], [{ metadata: { name: 'kubernetes', namespace: 'default' }, subsets: [{ addresses: [{ ip: '10.41.0.1' }] }] }]);
    await syncer.sync('default/kubernetes');
    assert.deepEqual(writes, []);
  });

  it('deletes the Endpoints of a deleted Service', async () => {
    const { syncer, writes } = setup([], [], [{ metadata: { name: 'gone', namespace: 'default' } }]);
    await syncer.sync('default/gone');
    assert.deepEqual(writes, [['delete', 'default/gone']]);
  });
});
