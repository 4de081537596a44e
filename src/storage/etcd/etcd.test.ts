// The etcd backend against real etcd: the shared conformance suite on one member, fail-over on three,
// and the pieces that need no server (endpoint parsing, lease sharing, continue tokens).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Etcd3 } from 'etcd3';
import { describeBackendConformance } from '../conformance.ts';
import { startEtcdCluster, type EtcdCluster } from '../../../test/support/etcd.ts';
import { openEtcdBackend } from './backend.ts';
import { parseEtcdEndpoint } from './endpoint.ts';
import { LeaseManager } from './leases.ts';
import { decodeContinue, encodeContinue } from './list.ts';
import { InvalidInputError, KeyExistsError, UnavailableError } from '../errors.ts';
import type { LeaseClient } from 'etcd3';

describe('etcd backend on one member', () => {
  let cluster: EtcdCluster;
  before(async () => {
    cluster = await startEtcdCluster({ members: 1 });
  });
  after(() => cluster?.cleanup());

  // One etcd serves every test; "fresh and empty" is every key deleted before the test opens its backend.
  describeBackendConformance(
    'etcd',
    async () => {
      const wiper = new Etcd3({ hosts: cluster.endpoints });
      await wiper.delete().all();
      wiper.close();
      const backend = await openEtcdBackend({ endpoints: cluster.endpoints });
      return { backend, cleanup: () => backend.close() };
    },
    { watchFanoutWrites: 2_000, timeoutMs: 60_000 },
  );

  it('learns a compaction made by another client', async () => {
    const writer = await openEtcdBackend({ endpoints: cluster.endpoints });
    const other = await openEtcdBackend({ endpoints: cluster.endpoints });
    try {
      const r = await writer.create(`/other/${Math.random()}`, '{}');
      await writer.create(`/other/${Math.random()}`, '{}');
      await other.compact(r);
      assert.equal(await writer.compactedRevision(), r);
    } finally {
      await Promise.all([writer.close(), other.close()]);
    }
  });

  it('reports a stopped etcd as UnavailableError', async () => {
    const lone = await startEtcdCluster({ members: 1 });
    const backend = await openEtcdBackend({ endpoints: lone.endpoints, requestTimeoutMs: 2_000 });
    try {
      await lone.stop(0);
      await assert.rejects(backend.create('/x', '{}'), UnavailableError);
      await assert.rejects(openEtcdBackend({ endpoints: lone.endpoints, requestTimeoutMs: 2_000 }), UnavailableError);
    } finally {
      await backend.close();
      await lone.cleanup();
    }
  });
});

describe('etcd backend on three members', () => {
  let cluster: EtcdCluster;
  before(async () => {
    cluster = await startEtcdCluster({ members: 3 });
  });
  after(() => cluster?.cleanup());

  it('keeps every acknowledged write and goes on writing when the leader stops mid-stream', async (t) => {
    const backend = await openEtcdBackend({ endpoints: cluster.endpoints, requestTimeoutMs: 3_000 });
    const start = await backend.currentRevision();
    const watch = new AbortController();
    const seen = new Map<string, number>();
    // Resolved once the watch has delivered the last acknowledged revision (set after the writes).
    let target = Infinity;
    let caughtUp!: () => void;
    const caughtUpWith = new Promise<void>((resolve) => (caughtUp = resolve));
    const watching = (async () => {
      for await (const event of backend.watch('/stream/', start, { signal: watch.signal })) {
        seen.set(event.key, event.revision);
        if (event.revision >= target) caughtUp();
      }
    })();
    const acknowledged = new Map<string, number>();
    const refused: unknown[] = [];
    let next = 0;
    const writer = async (until: () => boolean): Promise<void> => {
      while (!until()) {
        const key = `/stream/${next++}`;
        try {
          acknowledged.set(key, await backend.create(key, JSON.stringify({ n: next })));
        } catch (err) {
          // Unacknowledged writes may or may not have landed; only acknowledged ones are promised.
          if (!(err instanceof UnavailableError || err instanceof KeyExistsError)) throw err;
          refused.push(err);
        }
      }
    };
    const writers = (until: () => boolean): Promise<void[]> => Promise.all(Array.from({ length: 4 }, () => writer(until)));
    const leader = await leaderIndex(cluster);
    await writers(() => acknowledged.size >= 200);
    // The leader stops while four writers keep going; then the writes must go on without it.
    let stopped = false;
    await Promise.all([cluster.stop(leader).then(() => (stopped = true)), writers(() => stopped)]);
    assert.equal(cluster.members[leader]!.running, false);
    const ackedAfterStop = acknowledged.size;
    await writers(() => acknowledged.size >= ackedAfterStop + 200);
    t.diagnostic(`${acknowledged.size} writes acknowledged, ${refused.length} refused while the leader stopped`);

    const survivors = await openEtcdBackend({ endpoints: cluster.endpoints.filter((_, i) => i !== leader) });
    try {
      const stored = new Map((await survivors.list('/stream/')).items.map((kv) => [kv.key, kv.modRevision]));
      for (const [key, revision] of acknowledged) assert.equal(stored.get(key), revision, `acknowledged ${key} survives`);
      // The watch also failed over: it sees every acknowledged write, once each.
      target = Math.max(...acknowledged.values());
      if (Math.max(0, ...seen.values()) >= target) caughtUp();
      await Promise.race([caughtUpWith, watching.then(() => Promise.reject(new Error('the watch ended early')))]);
      for (const [key, revision] of acknowledged) assert.equal(seen.get(key), revision, `watch saw ${key}`);
    } finally {
      watch.abort();
      await watching;
      await survivors.close();
      await backend.close();
    }
  });
});

/** The member etcd reports as leader, found through the maintenance status of each member. */
async function leaderIndex(cluster: EtcdCluster): Promise<number> {
  const ids = await Promise.all(
    cluster.endpoints.map(async (endpoint) => {
      const client = new Etcd3({ hosts: endpoint });
      try {
        const status = await client.maintenance.status();
        return { member: status.header.member_id, leader: status.leader };
      } finally {
        client.close();
      }
    }),
  );
  const index = ids.findIndex((s) => s.member === s.leader);
  assert.ok(index >= 0, 'a leader is elected');
  return index;
}

describe('etcd backend pieces', () => {
  it('parses --datastore-endpoint etcd://HOST:PORT[,HOST:PORT…]', () => {
    const table: [string, string[] | RegExp][] = [
      ['etcd://127.0.0.1:2379', ['127.0.0.1:2379']],
      ['etcd://10.0.0.1:2379,10.0.0.2:2379,etcd-3:2379/', ['10.0.0.1:2379', '10.0.0.2:2379', 'etcd-3:2379']],
      ['etcd://[::1]:2379', ['[::1]:2379']],
      ['http://127.0.0.1:2379', /not etcd:\/\//],
      ['etcd://127.0.0.1', /is not HOST:PORT/],
      ['etcd://127.0.0.1:99999', /is not HOST:PORT/],
      ['etcd://a:1,,b:2', /is not HOST:PORT/],
    ];
    for (const [input, want] of table) {
      if (Array.isArray(want)) assert.deepEqual(parseEtcdEndpoint(input).endpoints, want, input);
      else assert.throws(() => parseEtcdEndpoint(input), want, input);
    }
  });

  it('shares one lease per TTL within the reuse window and grants anew after it', async () => {
    let now = 0;
    const granted: number[] = [];
    const fake = { leaseGrant: async (req: { TTL: number }) => ({ ID: String(granted.push(req.TTL)) }) } as unknown as LeaseClient;
    const leases = new LeaseManager(fake, () => now);
    const a = await leases.leaseFor(3600);
    now += 30_000;
    assert.equal(await leases.leaseFor(3600), a, 'reused inside the 60 s window');
    assert.notEqual(await leases.leaseFor(600), a, 'another TTL gets its own lease');
    now += 31_000;
    assert.notEqual(await leases.leaseFor(3600), a, 'past the window a key would outlive the lease');
    assert.deepEqual(granted, [3660, 630, 3660]);
    const short = await leases.leaseFor(5);
    assert.notEqual(await leases.leaseFor(5), short, 'a 5 s TTL has no reuse window (5% rounds to 0)');
  });

  it('round-trips continue tokens and refuses foreign or malformed ones', () => {
    assert.deepEqual(decodeContinue(encodeContinue(42, '/p/a'), '/p/'), { rv: 42, start: '/p/a\x00' });
    for (const token of ['', 'garbage', encodeContinue(42, '/q/a'), Buffer.from('{"rv":0,"start":"/p/"}').toString('base64url')]) {
      assert.throws(() => decodeContinue(token, '/p/'), (err: unknown) => err instanceof InvalidInputError && err.reason === 'InvalidContinue');
    }
  });
});
