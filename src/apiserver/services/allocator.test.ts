import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteBackend } from '../../storage/sqlite/sqlite.ts';
import { ipv4Range, portRange, RangeAllocator } from './allocator.ts';
import { ServiceAllocations } from './strategy.ts';

test('ipv4Range excludes the network and broadcast addresses', () => {
  const r = ipv4Range('10.43.0.0/16');
  assert.equal(r.size, 65534);
  assert.equal(r.at(0), '10.43.0.1');
  assert.equal(r.at(r.size - 1), '10.43.255.254');
  assert.equal(r.indexOf('10.43.0.10'), 9);
  assert.equal(r.indexOf('10.44.0.1'), -1);
  assert.equal(r.indexOf('10.43.0.0'), -1);
  assert.equal(r.indexOf('not-an-ip'), -1);
});

async function withBackend(fn: (backend: Awaited<ReturnType<typeof openSqliteBackend>>) => Promise<void>) {
  const dir = await mkdtemp(join(tmpdir(), 'kites-alloc-'));
  const backend = await openSqliteBackend({ dataDir: dir });
  try {
    await fn(backend);
  } finally {
    await backend.close();
    await rm(dir, { recursive: true, force: true });
  }
}

test('concurrent allocations from a small range never hand out a value twice', () =>
  withBackend(async (backend) => {
    const alloc = new RangeAllocator(backend, '/registry/ranges/test/', portRange(100, 149));
    const got = await Promise.all(Array.from({ length: 60 }, (_, i) => alloc.allocate(`svc-${i}`)));
    const values = got.filter((v) => v !== undefined);
    assert.equal(values.length, 50, 'the whole range is used');
    assert.equal(new Set(values).size, 50, 'no value twice');
    assert.equal(got.filter((v) => v === undefined).length, 10, 'the rest are told the range is full');
    await alloc.release(values[0]!);
    assert.equal(await alloc.allocate('again'), values[0]);
  }));

test('services keep their allocated values on update and release them on delete', () =>
  withBackend(async (backend) => {
    const services = new ServiceAllocations(backend);
    const svc = { metadata: { name: 'web', namespace: 'default' }, spec: { type: 'NodePort', ports: [{ port: 80 }] } };
    await services.allocate(svc);
    const { clusterIP, ports } = svc.spec as unknown as { clusterIP: string; ports: { nodePort: number }[] };
    assert.match(clusterIP, /^10\.43\./);
    assert.ok(ports[0]!.nodePort >= 30000 && ports[0]!.nodePort <= 32767);

    const applied = { metadata: svc.metadata, spec: { type: 'NodePort', ports: [{ port: 80 }] } };
    await services.allocate(applied, svc);
    assert.equal((applied.spec as { clusterIP?: string }).clusterIP, clusterIP, 'an update without clusterIP keeps it');
    assert.equal((applied.spec.ports[0] as { nodePort?: number }).nodePort, ports[0]!.nodePort);

    const clash = { metadata: { name: 'other', namespace: 'default' }, spec: { clusterIP, ports: [{ port: 80 }] } };
    await assert.rejects(services.allocate(clash), /provided IP is already allocated/);
    await services.releaseUnused(applied, undefined);
    await services.allocate(clash);
    assert.equal((clash.spec as { clusterIP: string }).clusterIP, clusterIP, 'a released IP can be claimed again');

    const moved = { metadata: svc.metadata, spec: { clusterIP: '10.43.9.9', ports: [] } };
    await assert.rejects(services.allocate(moved, clash), /may not change once set/);
  }));
