import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realClock } from '../../../client/clock.ts';
import { mustRun, run } from '../../cni/command.ts';
import { createTestNetns, deleteTestNetns, rootSkipReason } from '../../cni/testing.ts';
import { emptyReport, summarizeTeardown, teardownNode } from './teardown.ts';

test('teardownNode on a data dir that is not there removes nothing and reports no error', async () => {
  const r = await teardownNode({ agentDataDir: join(tmpdir(), 'kites-no-such-agent-dir'), clock: realClock });
  assert.deepEqual(r, emptyReport());
  assert.equal(summarizeTeardown(r), 'nothing of the node was left to remove');
});

const skip = await rootSkipReason(['ip', 'nft']);

test('teardownNode removes the bridge, the service dummy and the kites tables of the node netns, keeps other tables, and is idempotent', { skip }, async () => {
  const ns = await createTestNetns();
  const dir = await mkdtemp(join(tmpdir(), 'kites-teardown-'));
  try {
    await mkdir(join(dir, 'nodes', 'n1', 'sandboxes'), { recursive: true });
    await mkdir(join(dir, 'nodes', 'n1', 'cni', 'net.d'), { recursive: true });
    const inNs = (...argv: string[]) => mustRun(['ip', 'netns', 'exec', ns, ...argv]);
    await inNs('ip', 'link', 'add', 'kites0', 'type', 'bridge');
    await inNs('ip', 'link', 'add', 'veth-t0', 'type', 'veth', 'peer', 'name', 'veth-t1');
    await inNs('ip', 'link', 'set', 'veth-t0', 'master', 'kites0');
    // As the runtime does on kernels without the dummy driver.
    await inNs('ip', 'link', 'add', 'kites-svc', 'type', 'dummy').catch(() => inNs('ip', 'link', 'add', 'kites-svc', 'type', 'bridge'));
    await inNs('nft', 'add table inet kites-filter; add table ip kites; add table inet mine');

    const r = await teardownNode({ agentDataDir: dir, nodeNetns: ns, clock: realClock });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.links, ['veth-t0', 'kites0', 'kites-svc']);
    assert.deepEqual(r.nftTables.sort(), ['inet kites-filter', 'ip kites']);
    assert.deepEqual(r.stateDirs, [join(dir, 'nodes', 'n1', 'sandboxes')]);
    assert.match(await inNs('nft', 'list', 'tables'), /^table inet mine$/m);
    assert.doesNotMatch(await inNs('ip', '-o', 'link'), /kites|veth-t/);

    const again = await teardownNode({ agentDataDir: dir, nodeNetns: ns, clock: realClock });
    assert.deepEqual({ ...again, cgroups: [] }, emptyReport(), 'a second run finds nothing (cgroups aside: other nodes may share the kites parent)');
    assert.equal((await run(['test', '-d', join(dir, 'nodes', 'n1', 'cni', 'net.d')])).code, 0, 'the CNI configuration stays');
  } finally {
    await deleteTestNetns(ns);
    await rm(dir, { recursive: true, force: true });
  }
});
