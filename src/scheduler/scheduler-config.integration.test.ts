// `kites server --scheduler-config FILE`: profiles from a KubeSchedulerConfiguration; pods name theirs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Node, Pod } from 'kubernetes-types/core/v1.d.ts';
import { ApiClient } from '../client/index.ts';
import { startKitesServer, type KitesServer } from '../../test/support/kites-server.ts';

const CONFIG = `apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- schedulerName: default-scheduler
- schedulerName: bin-packer
  plugins:
    score:
      disabled: [{name: NodeResourcesBalancedAllocation}]
  pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy:
        type: MostAllocated
`;

let server: KitesServer;
let client: ApiClient;
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kites-sched-config-'));
  await writeFile(join(dir, 'scheduler.yaml'), CONFIG);
  server = await startKitesServer({ extraArgs: ['--scheduler-config', join(dir, 'scheduler.yaml')] });
  client = await ApiClient.fromKubeconfig(server.kubeconfig);
});

after(async () => {
  client?.close();
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

test('a second profile packs pods onto the fuller node; an unknown schedulerName is left alone', async () => {
  const nodes = client.forKind<Node>('', 'v1', 'Node');
  const pods = client.forKind<Pod>('', 'v1', 'Pod', 'default');
  for (const name of ['full', 'empty']) {
    await nodes.create({ metadata: { name } });
    const r = { cpu: '4', memory: '8Gi', pods: '110' };
    await nodes.patchStatus(name, { status: { capacity: r, allocatable: r, conditions: [{ type: 'Ready', status: 'True' }] } });
  }
  const make = (name: string, schedulerName: string, nodeName?: string) =>
    pods.create({ metadata: { name }, spec: { schedulerName, ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'pause', resources: { requests: { cpu: '1', memory: '1Gi' } } }] } });
  await make('resident', 'default-scheduler', 'full');
  await make('packed', 'bin-packer');
  await make('stranger', 'nobody');
  const deadline = Date.now() + 20_000;
  let nodeName: string | undefined;
  while (!nodeName && Date.now() < deadline) {
    nodeName = (await pods.get('packed')).spec?.nodeName;
    if (!nodeName) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(nodeName, 'full');
  const stranger = await pods.get('stranger');
  assert.equal(stranger.spec?.nodeName, undefined);
  assert.equal(stranger.status?.conditions?.find((c) => c.type === 'PodScheduled'), undefined);
});
