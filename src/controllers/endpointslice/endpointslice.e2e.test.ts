// Against a real kites server: a Service's EndpointSlices follow its pods' readiness and lifecycle.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Node, Pod, Service } from 'kubernetes-types/core/v1.d.ts';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1.d.ts';
import { ApiClient } from '../../client/index.ts';
import { startKitesServer, type KitesServer } from '../../../test/support/kites-server.ts';
import { eventually } from '../../../test/support/eventually.ts';
import { markPod } from '../endpoints/testing.ts';

const webPod = (name: string, nodeName: string): Pod => ({ metadata: { name, labels: { app: 'web' } }, spec: { nodeName, containers: [{ name: 'web', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }] }] } });

describe('endpointslice controller against kites server', () => {
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

  it('publishes ready, serving and terminating per pod, with node, zone and resolved ports', async () => {
    const pods = client.forKind<Pod>('', 'v1', 'Pod', 'default');
    const slices = client.forKind<EndpointSlice>('discovery.k8s.io', 'v1', 'EndpointSlice', 'default');
    await client.forKind<Node>('', 'v1', 'Node').create({ metadata: { name: 'es-n1', labels: { 'topology.kubernetes.io/zone': 'zone-a' } } });
    await client.forKind<Service>('', 'v1', 'Service', 'default').create({ metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } });
    await pods.create(webPod('web-a', 'es-n1'));
    await pods.create(webPod('web-b', 'es-n1'));
    await markPod(pods, 'web-a', '10.42.0.5', true);
    await markPod(pods, 'web-b', '10.42.0.6', false);
    const endpointsOf = async () => {
      const list = await slices.list({ labelSelector: 'kubernetes.io/service-name=web' });
      return list.items.flatMap((s) => s.endpoints.map((e) => ({ slice: s, e })));
    };
    const both = await eventually(async () => {
      const eps = await endpointsOf();
      return eps.length === 2 && eps.every(({ e }) => e.addresses.length === 1) ? eps : undefined;
    }, { what: 'two endpoints' });
    const { slice } = both[0]!;
    assert.equal(slice.metadata!.labels!['endpointslice.kubernetes.io/managed-by'], 'endpointslice-controller.k8s.io');
    assert.equal(slice.addressType, 'IPv4');
    assert.deepEqual(slice.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
    const byName = new Map(both.map(({ e }) => [e.targetRef!.name, e]));
    assert.deepEqual(byName.get('web-a')!.conditions, { ready: true, serving: true, terminating: false });
    assert.deepEqual(byName.get('web-b')!.conditions, { ready: false, serving: false, terminating: false });
    assert.equal(byName.get('web-a')!.nodeName, 'es-n1');
    assert.equal(byName.get('web-a')!.zone, 'zone-a');

    await markPod(pods, 'web-b', '10.42.0.6', true);
    // A bound pod deleted with grace stays, terminating, until its node confirms.
    await pods.delete('web-a', { gracePeriodSeconds: 30 });
    await eventually(async () => {
      const eps = new Map((await endpointsOf()).map(({ e }) => [e.targetRef!.name, e.conditions]));
      return eps.get('web-b')?.ready === true && eps.get('web-a')?.terminating === true && eps.get('web-a')?.ready === false;
    }, { what: 'web-b ready, web-a terminating' });
    await pods.delete('web-a', { gracePeriodSeconds: 0 });
    await eventually(async () => (await endpointsOf()).map(({ e }) => e.targetRef!.name).join() === 'web-b', { what: 'web-a gone' });
  });
});
