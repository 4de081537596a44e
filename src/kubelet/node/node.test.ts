import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Lease } from 'kubernetes-types/coordination/v1.d.ts';
import { ApiClient, FakeClock } from '../../client/index.ts';
import { FakeTransport, statusBody, type RecordedRequest } from '../../client/testing.ts';
import { createLogger } from '../../log/logger.ts';
import { NODE_LEASE_NAMESPACE, NodeLease } from './lease.ts';
import { desiredNodeStatus, nodeLabels, nodeStatusChanged, type NodeConfig } from './status.ts';
import { fallbackPodCidr, hollowNodeIP } from './system-info.ts';

const config: NodeConfig = {
  name: 'h-0', labels: { tier: 'x' }, capacity: { cpu: '4', memory: '8Gi', pods: '110' }, internalIP: '10.41.1.1', hostname: 'h-0',
  nodeInfo: { machineID: 'm', systemUUID: 's', bootID: 'b', kernelVersion: 'k', osImage: 'o', containerRuntimeVersion: 'fake://0.1', kubeletVersion: 'v1.32.0-kites', kubeProxyVersion: '', operatingSystem: 'linux', architecture: 'amd64' },
};
const up = [{ type: 'RuntimeReady' as const, status: true, reason: '', message: '' }, { type: 'NetworkReady' as const, status: true, reason: '', message: '' }];

test('node status: upstream conditions, capacity as allocatable, addresses', () => {
  const s = desiredNodeStatus(config, undefined, up, Date.UTC(2024, 0, 1));
  assert.deepEqual(s.conditions!.map((c) => [c.type, c.status, c.reason, c.message]), [
    ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
    ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
    ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
    ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
  ]);
  assert.deepEqual(s.allocatable, config.capacity);
  assert.deepEqual(s.addresses, [{ type: 'InternalIP', address: '10.41.1.1' }, { type: 'Hostname', address: 'h-0' }]);
  assert.equal(nodeLabels(config)['kubernetes.io/hostname'], 'h-0');
  assert.equal(nodeLabels(config)['kubernetes.io/arch'], 'amd64');
  assert.equal(nodeLabels(config).tier, 'x');
});

test('node status: a heartbeat alone is no change; a condition flip is, with a new transition time', () => {
  const first = desiredNodeStatus(config, undefined, up, Date.UTC(2024, 0, 1));
  const later = desiredNodeStatus(config, first, up, Date.UTC(2024, 0, 1, 0, 1));
  assert.equal(nodeStatusChanged(first, later), false);
  assert.equal(later.conditions![3]!.lastTransitionTime, first.conditions![3]!.lastTransitionTime);
  const down = desiredNodeStatus(config, later, [{ ...up[0]!, status: false, reason: 'Broken', message: 'x' }, up[1]!], Date.UTC(2024, 0, 1, 0, 2));
  assert.equal(nodeStatusChanged(later, down), true);
  assert.deepEqual([down.conditions![3]!.status, down.conditions![3]!.reason, down.conditions![3]!.lastTransitionTime], ['False', 'KubeletNotReady', '2024-01-01T00:02:00Z']);
});

test('hollow node addresses and fallback pod ranges do not collide', () => {
  assert.deepEqual([0, 1, 253, 254].map(hollowNodeIP), ['10.41.1.1', '10.41.1.2', '10.41.1.254', '10.41.2.1']);
  assert.deepEqual([0, 1, 2].map(fallbackPodCidr), ['10.40.0.0/25', '10.40.0.128/25', '10.40.1.0/25']);
});

test('node lease: created owned by the node, renewed every 10 s with duration 40, retried after a conflict', async () => {
  const clock = new FakeClock();
  const fake = new FakeTransport();
  let stored: Lease | undefined;
  let rv = 0;
  const save = (req: RecordedRequest) => {
    stored = { ...(req.json as Lease), metadata: { ...(req.json as Lease).metadata, resourceVersion: String(++rv) } };
    return { status: 200, body: stored };
  };
  fake.on('GET', /\/leases\/h-0$/, () => (stored ? { status: 200, body: stored } : { status: 404, body: statusBody(404, 'NotFound') }));
  fake.on('POST', /\/namespaces\/kube-node-lease\/leases$/, save);
  fake.once('PUT', /\/leases\/h-0$/, { status: 409, body: statusBody(409, 'Conflict') });
  fake.on('PUT', /\/leases\/h-0$/, save);
  const client = new ApiClient(fake.send);
  const lease = new NodeLease({
    leases: client.forKind<Lease>('coordination.k8s.io', 'v1', 'Lease', NODE_LEASE_NAMESPACE), nodeName: 'h-0', nodeUid: () => 'node-uid',
    clock, logger: createLogger({ level: 'error' }),
  });
  const stop = new AbortController();
  const running = lease.run(stop.signal);
  await clock.advance(0);
  assert.deepEqual(stored?.spec, { holderIdentity: 'h-0', leaseDurationSeconds: 40, renewTime: '2024-01-01T00:00:00.000000Z' });
  assert.deepEqual(stored?.metadata?.ownerReferences, [{ apiVersion: 'v1', kind: 'Node', name: 'h-0', uid: 'node-uid' }]);
  await clock.advance(10_000); // conflict: read again and retry a second later
  assert.equal(stored?.spec?.renewTime, '2024-01-01T00:00:00.000000Z');
  await clock.advance(1_000);
  assert.equal(stored?.spec?.renewTime, '2024-01-01T00:00:11.000000Z');
  await clock.advance(10_000);
  assert.equal(stored?.spec?.renewTime, '2024-01-01T00:00:21.000000Z');
  stop.abort();
  await running;
  await clock.advance(60_000);
  assert.equal(stored?.spec?.renewTime, '2024-01-01T00:00:21.000000Z');
});
