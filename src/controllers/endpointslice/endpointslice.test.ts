import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod, Service } from 'kubernetes-types/core/v1.d.ts';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.d.ts';
import { Store } from '../../client/index.ts';
import { pod, service } from '../endpoints/testing.ts';
import { EndpointSliceSyncer, serviceIndex } from './endpointslice.ts';

function setup(services: Service[], pods: Pod[]) {
  const stores = { services: new Store<Service>(), pods: new Store<Pod>(), nodes: new Store<Node>(), slices: new Store<EndpointSlice>() };
  stores.slices.addIndex('service', serviceIndex);
  services.forEach((s) => stores.services.put(s));
  pods.forEach((p) => stores.pods.put(p));
  const writes: string[] = [];
  let rv = 10;
  const stored: EndpointSlice[] = [];
  const syncer = new EndpointSliceSyncer({
    ...stores,
    writer: {
      create: async (s) => {
        const created = { ...s, metadata: { ...s.metadata, name: `${s.metadata!.generateName}${stored.length}`, resourceVersion: String(++rv) } };
        stored.push(created);
        writes.push(`create ${created.metadata.name}`);
        return created;
      },
      update: async (s) => {
        writes.push(`update ${s.metadata!.name}`);
        return { ...s, metadata: { ...s.metadata, resourceVersion: String(++rv) } };
      },
      delete: async (_ns, name) => void writes.push(`delete ${name}`),
    },
  });
  return { syncer, writes, stores, stored };
}

describe('EndpointSliceSyncer', () => {
  it('waits for the cache to show its own writes before planning again', async () => {
    const { syncer, writes, stores, stored } = setup([service('web')], [pod('a', { ip: '10.42.0.5' })]);
    assert.equal(await syncer.sync('default/web'), undefined);
    assert.deepEqual(writes, ['create web-0']);
    assert.deepEqual(await syncer.sync('default/web'), { requeueAfter: 100 }, 'cache has not seen web-0');
    stores.slices.put(stored[0]!);
    assert.equal(await syncer.sync('default/web'), undefined);
    assert.deepEqual(writes, ['create web-0'], 'no second slice');
  });

  it('leaves Services without a selector alone', async () => {
    const { syncer, writes } = setup([service('manual', { selector: null })], [pod('a', { ip: '10.42.0.5' })]);
    await syncer.sync('default/manual');
    await syncer.sync('default/gone');
    assert.deepEqual(writes, []);
  });

  it('ignores slices of other managers', () => {
    const foreign: EndpointSlice = { addressType: 'IPv4', endpoints: [], metadata: { name: 'x', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'someone-else' } } };
    assert.deepEqual(serviceIndex(foreign), []);
  });
});
