// The service-account controller inside a real `kites server`: a new namespace gets its "default"
// ServiceAccount, and gets it back after it is deleted.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Namespace, ServiceAccount } from 'kubernetes-types/core/v1.d.ts';
import { startKitesServer, type KitesServer } from '../../../test/support/kites-server.ts';
import { ApiClient } from '../../client/index.ts';

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

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a new namespace gets a default ServiceAccount, recreated when deleted', async () => {
  await client.forKind<Namespace>('', 'v1', 'Namespace').create({ metadata: { name: 'fresh' } });
  const accounts = client.forKind<ServiceAccount>('', 'v1', 'ServiceAccount', 'fresh');
  const first = await eventually('the default ServiceAccount', () => accounts.get('default'));
  await accounts.delete('default');
  const second = await eventually('the default ServiceAccount again', async () => {
    const sa = await accounts.get('default');
    return sa.metadata?.uid !== first.metadata?.uid ? sa : undefined;
  });
  assert.notEqual(second.metadata?.uid, first.metadata?.uid);
  assert.ok((await server.kubectl(['get', 'serviceaccounts', '-n', 'fresh'])).includes('default'));
});
