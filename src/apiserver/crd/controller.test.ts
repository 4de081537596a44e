// The CRD controller over a real ObjectStore (SQLite in a temp dir): status, serving, conflicts,
// deletion with the cleanup finalizer, and a restart that serves stored CRDs from start().
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1.d.ts';
import { builtinRegistry, type SchemaRegistry } from '../../api/schema/registry.ts';
import { createLogger } from '../../log/logger.ts';
import { openSqliteBackend } from '../../storage/sqlite/sqlite.ts';
import type { Backend } from '../../storage/backend.ts';
import type { KubeObject } from '../objects/codec.ts';
import { ObjectStore } from '../objects/store.ts';
import { CrdController } from './controller.ts';
import { widgetCrd } from './testing.ts';

let dataDir: string;
let backend: Backend;
let store: ObjectStore;
const now = () => new Date('2026-01-01T00:00:00Z');
const logger = createLogger({ level: 'error' });

before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kites-crd-'));
  backend = await openSqliteBackend({ dataDir });
  store = new ObjectStore(backend);
});
after(async () => {
  store.close();
  await backend.close();
  await rm(dataDir, { recursive: true, force: true });
});

function controller(registry: SchemaRegistry) {
  const retries: (() => void)[] = [];
  let changes = 0;
  const c = new CrdController({ store, registry, logger, now, onChange: () => changes++, after: (_ms, fn) => retries.push(fn) });
  return { c, retries, changes: () => changes };
}

const crds = (r: SchemaRegistry) => r.resource('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')!;
const asObject = (crd: CustomResourceDefinition) => crd as unknown as KubeObject;
const read = async (r: SchemaRegistry, name: string) => (await store.tryGet(crds(r), undefined, name)) as unknown as CustomResourceDefinition | undefined;

test('a stored CRD is served from start(), with its status written', async () => {
  const registry = builtinRegistry();
  await store.create(crds(registry), asObject(widgetCrd()));
  const { c, changes } = controller(registry);
  await c.start();
  const rt = registry.resource('example.com', 'v1', 'widgets');
  assert.ok(rt, 'served before start() resolves');
  assert.deepEqual([rt.kind, rt.namespaced, rt.shortNames, rt.subresources.map((s) => s.name)], ['Widget', true, ['wg'], ['scale', 'status']]);
  assert.equal(changes(), 1);
  const crd = (await read(registry, 'widgets.example.com'))!;
  assert.deepEqual(crd.status!.conditions!.map((x) => [x.type, x.status, x.reason]), [['NamesAccepted', 'True', 'NoConflicts'], ['Established', 'True', 'InitialNamesAccepted']]);
  assert.deepEqual(crd.status!.storedVersions, ['v1']);
  assert.deepEqual(crd.metadata!.finalizers, ['customresourcecleanup.apiextensions.k8s.io']);
  c.stop();

  // A restarted server (fresh registry, same storage) serves it again before it is ready.
  const again = builtinRegistry();
  const restarted = controller(again);
  await restarted.c.start();
  assert.ok(again.resource('example.com', 'v1', 'widgets'));
  restarted.c.stop();
});

test('a CRD whose names are taken is not served; NamesAccepted False with the reason', async () => {
  const registry = builtinRegistry();
  const { c } = controller(registry);
  await c.start();
  await store.create(crds(registry), asObject({ ...widgetCrd({ plural: 'gizmos', kind: 'Widget', shortNames: [] }) }));
  await waitFor(async () => (await read(registry, 'gizmos.example.com'))?.status?.conditions?.length === 2);
  await c.idle();
  const crd = (await read(registry, 'gizmos.example.com'))!;
  // Each conflict overwrites the reason, as upstream's naming controller does: the list kind is checked last.
  assert.deepEqual(crd.status!.conditions!.map((x) => [x.type, x.status, x.reason]), [['NamesAccepted', 'False', 'ListKindConflict'], ['Established', 'False', 'NotAccepted']]);
  assert.equal(registry.resource('example.com', 'v1', 'gizmos'), undefined);
  c.stop();
});

test('deleting a CRD removes its objects (waiting for their finalizers), then the CRD', async () => {
  const registry = builtinRegistry();
  const { c, retries } = controller(registry);
  await c.start();
  const rt = registry.resource('example.com', 'v1', 'widgets')!;
  const widget = (name: string, finalizers?: string[]) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name, namespace: 'default', ...(finalizers && { finalizers }) }, spec: { color: 'red' } });
  await store.create(rt, widget('a'));
  await store.create(rt, widget('held', ['example.com/hold']));
  await store.update(crds(registry), undefined, 'widgets.example.com', (crd) => ({ ...crd, metadata: { ...crd.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' } }));
  await waitFor(() => retries.length > 0);
  const terminating = (await read(registry, 'widgets.example.com'))!;
  assert.deepEqual(terminating.status!.conditions!.find((x) => x.type === 'Terminating'), { type: 'Terminating', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z', reason: 'InstanceDeletionInProgress', message: 'CustomResource deletion is in progress' });
  assert.equal(await store.tryGet(rt, 'default', 'a'), undefined);
  assert.ok((await store.get(rt, 'default', 'held')).metadata.deletionTimestamp, 'marked for its finalizer');
  assert.ok(registry.resource('example.com', 'v1', 'widgets'), 'still served so the finalizer can be removed');
  await store.update(rt, 'default', 'held', (o) => ({ ...o, metadata: { ...o.metadata, finalizers: [] } }));
  await store.delete(rt, 'default', 'held');
  retries.shift()!();
  await waitFor(async () => (await read(registry, 'widgets.example.com')) === undefined);
  await c.idle();
  assert.equal(registry.resource('example.com', 'v1', 'widgets'), undefined);
  c.stop();
});

async function waitFor(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return;
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('condition not reached');
}
