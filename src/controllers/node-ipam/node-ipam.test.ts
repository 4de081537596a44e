import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from 'kubernetes-types/core/v1.d.ts';
import { Store } from '../../client/index.ts';
import { createLogger } from '../../log/logger.ts';
import { NodeIpam } from './node-ipam.ts';

const node = (name: string, podCIDR?: string): Node => ({ apiVersion: 'v1', kind: 'Node', metadata: { name }, spec: podCIDR ? { podCIDR, podCIDRs: [podCIDR] } : {} });

function setup(nodes: Node[], clusterCidr?: string) {
  const store = new Store<Node>();
  for (const n of nodes) store.put(n);
  const patches: { name: string; body: { spec: { podCIDR: string; podCIDRs: string[] } } }[] = [];
  const events: string[] = [];
  const ipam = new NodeIpam({
    nodes: store,
    clusterCidr,
    logger: createLogger({ level: 'error' }),
    recorder: { event: async (_o, _t, reason) => void events.push(reason) },
    client: {
      patch: async (name: string, body: unknown) => {
        patches.push({ name, body: body as (typeof patches)[number]['body'] });
        const cidr = (body as { spec: { podCIDR: string } }).spec.podCIDR;
        store.put(node(name, cidr));
        return store.getByName(undefined, name)!;
      },
    },
  });
  return { store, ipam, patches, events };
}

describe('NodeIpam', () => {
  it('gives each node its own /24 and patches podCIDR and podCIDRs', async () => {
    const { ipam, patches } = setup([node('a'), node('b')]);
    ipam.rebuild();
    await ipam.sync('a');
    await ipam.sync('b');
    await ipam.sync('a');
    assert.deepEqual(patches.map((p) => [p.name, p.body.spec.podCIDR, p.body.spec.podCIDRs]), [
      ['a', '10.42.0.0/24', ['10.42.0.0/24']],
      ['b', '10.42.1.0/24', ['10.42.1.0/24']],
    ]);
  });

  it('occupies the ranges existing nodes hold before allocating (a restart)', async () => {
    const { ipam, patches } = setup([node('old', '10.42.0.0/24'), node('older', '10.42.1.0/24'), node('new')]);
    ipam.rebuild();
    await ipam.sync('new');
    assert.equal(patches[0]!.body.spec.podCIDR, '10.42.2.0/24');
  });

  it('retries with the same range when the patch fails', async () => {
    const { store } = setup([node('a')]);
    let calls = 0;
    const seen: string[] = [];
    const flaky = new NodeIpam({
      nodes: store,
      logger: createLogger({ level: 'error' }),
      recorder: { event: async () => undefined },
      client: {
        patch: async (_name: string, body: unknown) => {
          seen.push((body as { spec: { podCIDR: string } }).spec.podCIDR);
          if (calls++ === 0) throw new Error('connection reset');
          return node('a');
        },
      },
    });
    await assert.rejects(flaky.sync('a'));
    await flaky.sync('a');
    assert.deepEqual(seen, ['10.42.0.0/24', '10.42.0.0/24']);
  });

  it('frees a deleted node range', async () => {
    const { ipam, store, patches } = setup([node('a')], '10.42.0.0/23');
    ipam.rebuild();
    await ipam.sync('a');
    store.remove('a');
    await ipam.sync('a');
    store.put(node('b'));
    store.put(node('c'));
    await ipam.sync('b');
    await ipam.sync('c');
    assert.deepEqual(patches.map((p) => p.body.spec.podCIDR), ['10.42.0.0/24', '10.42.1.0/24', '10.42.0.0/24']);
  });

  it('records CIDRNotAvailable when the range is full', async () => {
    const { ipam, events } = setup([node('a', '10.42.0.0/24'), node('b')], '10.42.0.0/24');
    ipam.rebuild();
    await assert.rejects(ipam.sync('b'), /no pod CIDR left/);
    assert.deepEqual(events, ['CIDRNotAvailable']);
  });
});
