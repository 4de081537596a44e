// Against a real kites server: Endpoints follow the selected pods' readiness; selector-less Services
// (such as `kubernetes`) are left alone.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Endpoints, Pod, Service } from 'kubernetes-types/core/v1.d.ts';
import { ApiClient } from '../../client/index.ts';
import { startKitesServer, type KitesServer } from '../../../test/support/kites-server.ts';
import { eventually } from '../../../test/support/eventually.ts';
import { markPod } from './testing.ts';

const webPod = (name: string): Pod => ({ metadata: { name, labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }] } });

describe('endpoints controller against kites server', () => {
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

  it('lists ready pods in addresses and unready ones in notReadyAddresses, following changes', async () => {
    const pods = client.forKind<Pod>('', 'v1', 'Pod', 'default');
    const endpoints = client.forKind<Endpoints>('', 'v1', 'Endpoints', 'default');
    await client.forKind<Service>('', 'v1', 'Service', 'default').create({ metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] } });
    await pods.create(webPod('web-a'));
    await pods.create(webPod('web-b'));
    await markPod(pods, 'web-a', '10.42.0.5', true);
    await markPod(pods, 'web-b', '10.42.0.6', false);
    const ips = (e: Endpoints, field: 'addresses' | 'notReadyAddresses') => (e.subsets ?? []).flatMap((s) => (s[field] ?? []).map((a) => a.ip));
    await eventually(async () => {
      const e = await endpoints.get('web');
      return ips(e, 'addresses').join() === '10.42.0.5' && ips(e, 'notReadyAddresses').join() === '10.42.0.6';
    }, { what: 'one ready, one not ready' });
    const e = await endpoints.get('web');
    assert.deepEqual(e.subsets![0]!.ports, [{ port: 8080, protocol: 'TCP' }]);
    await markPod(pods, 'web-b', '10.42.0.6', true);
    await pods.delete('web-a', { gracePeriodSeconds: 0 });
    await eventually(async () => {
      const e = await endpoints.get('web');
      return ips(e, 'addresses').join() === '10.42.0.6' && ips(e, 'notReadyAddresses').length === 0;
    }, { what: 'web-b ready, web-a gone' });
  });

  it('leaves Services without a selector (like kubernetes) alone', async () => {
    const services = client.forKind<Service>('', 'v1', 'Service', 'default');
    const endpoints = client.forKind<Endpoints>('', 'v1', 'Endpoints', 'default');
    assert.equal((await services.get('kubernetes')).spec?.selector, undefined);
    await services.create({ metadata: { name: 'manual' }, spec: { ports: [{ port: 80 }] } });
    await endpoints.create({ metadata: { name: 'manual' }, subsets: [{ addresses: [{ ip: '192.0.2.1' }], ports: [{ port: 80 }] }] });
    await services.patch('manual', { metadata: { labels: { touched: 'yes' } } });
    // A selector Service created afterwards gets its Endpoints: the controller has been through the queue.
    await services.create({ metadata: { name: 'marker' }, spec: { selector: { app: 'none' }, ports: [{ port: 80 }] } });
    await eventually(() => endpoints.get('marker').then(() => true), { what: 'marker endpoints' });
    const manual = await endpoints.get('manual');
    assert.equal(manual.subsets![0]!.addresses![0]!.ip, '192.0.2.1');
    assert.equal(manual.metadata?.labels, undefined);
  });
});
