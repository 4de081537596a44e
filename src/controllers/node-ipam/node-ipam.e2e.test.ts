// Against a real kites server: every node created gets its own pod CIDR.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Node } from 'kubernetes-types/core/v1.d.ts';
import { ApiClient } from '../../client/index.ts';
import { startKitesServer, type KitesServer } from '../../../test/support/kites-server.ts';
import { eventually } from '../../../test/support/eventually.ts';

describe('node-ipam against kites server', () => {
  let server: KitesServer;
  let client: ApiClient;
  before(async () => {
    server = await startKitesServer();
    client = await ApiClient.fromKubeconfig(server.kubeconfig);
  });
  after(async () => {
    client?.close();
    await server?.stop();
  });

  it('gives every node a distinct /24 from 10.42.0.0/16', async () => {
    const nodes = client.forKind<Node>('', 'v1', 'Node');
    for (const name of ['ipam-a', 'ipam-b', 'ipam-c']) await nodes.create({ metadata: { name } });
    const cidrs = await eventually(async () => {
      const list = await nodes.list();
      const got = list.items.filter((n) => n.metadata!.name!.startsWith('ipam-')).map((n) => n.spec?.podCIDR);
      return got.length === 3 && got.every(Boolean) ? got : undefined;
    });
    assert.equal(new Set(cidrs).size, 3);
    for (const cidr of cidrs) assert.match(cidr!, /^10\.42\.\d+\.0\/24$/);
  });
});
