// The Backend contract over etcd v3. etcd already has the semantics the contract describes (kine copies
// them), so each verb is one etcd request: writes are transactions comparing the key's revisions, and
// etcd's own revision is the revision.

import { Etcd3, EtcdLeaseInvalidError, type ICompare, type IKeyValue, type IRangeResponse } from 'etcd3';
import type { Backend, DeleteOptions, KeyValue, ListOptions, ListResult, WatchEvent, WatchOptions, WriteOptions } from '../backend.ts';
import { CompactedError, ConflictError, KeyExistsError, KeyNotFoundError } from '../errors.ts';
import { checkKey, checkPrefix, checkTTL, checkValue } from '../validate.ts';
import { toStorageError } from './errors.ts';
import { prefixEnd } from './keys.ts';
import { LeaseManager } from './leases.ts';
import { decodeContinue, encodeContinue } from './list.ts';
import { watchPrefix } from './watch.ts';

export interface EtcdBackendOptions {
  /** host:port of each member (see parseEtcdEndpoint). */
  endpoints: string[];
  /** Deadline of each unary request, so a hung member cannot hang a caller. Default 10 s. */
  requestTimeoutMs?: number;
  /** Clock for lease reuse (milliseconds). */
  now?: () => number;
  /** Delay between watch reconnection attempts. */
  sleep?: (ms: number) => Promise<void>;
}

/** A key no kites key can equal (kites keys start with '/'), read only for revision headers. */
const probeKey = Buffer.from('\x00kites-revision-probe');

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function openEtcdBackend(options: EtcdBackendOptions): Promise<EtcdBackend> {
  if (options.endpoints.length === 0) throw new Error('etcd backend needs at least one endpoint');
  const timeout = options.requestTimeoutMs ?? 10_000;
  const client = new Etcd3({
    hosts: options.endpoints,
    // gRPC deadlines are wall-clock instants, so this is the one place that reads the real clock.
    defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + timeout }),
  });
  const backend = new EtcdBackend(client, options.now ?? Date.now, options.sleep ?? realSleep);
  try {
    await backend.compactedRevision();
  } catch (err) {
    client.close();
    throw err;
  }
  return backend;
}

export class EtcdBackend implements Backend {
  private readonly leases: LeaseManager;
  /** Highest compaction seen: our own compact() calls and what etcd reports to reads and watches. */
  private compacted = 0;
  /** Highest revision in any response etcd has sent this client. */
  private seenRevision = 0;

  constructor(
    private readonly client: Etcd3,
    now: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {
    this.leases = new LeaseManager(client.leaseClient, now);
  }

  async create(key: string, value: string, options?: WriteOptions): Promise<number> {
    checkKey(key);
    checkValue(value);
    checkTTL(options?.ttlSeconds);
    const res = await this.txnWithLease(options?.ttlSeconds, (lease) => ({
      compare: [{ key: Buffer.from(key), target: 'Create', result: 'Equal', create_revision: 0 }],
      success: [{ request_put: { key: Buffer.from(key), value: Buffer.from(value), lease } }],
      failure: [],
    }));
    if (!res.succeeded) throw new KeyExistsError(key);
    return Number(res.header.revision);
  }

  async get(key: string, options?: { revision?: number }): Promise<KeyValue | undefined> {
    checkKey(key);
    const res = await this.range({ key: Buffer.from(key), revision: options?.revision ?? 0 }, options?.revision);
    return res.kvs[0] ? toKeyValue(res.kvs[0]) : undefined;
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListResult> {
    checkPrefix(prefix);
    const token = options.continue ? decodeContinue(options.continue, prefix) : undefined;
    const revision = token?.rv ?? options.revision ?? 0;
    const limit = options.limit ?? 0;
    const res = await this.range(
      { key: Buffer.from(token?.start ?? prefix), range_end: prefixEnd(prefix), revision, limit },
      revision === 0 ? undefined : revision,
    );
    const items = res.kvs.map(toKeyValue);
    const listRevision = revision === 0 ? Number(res.header.revision) : revision;
    if (!res.more || items.length === 0) return { items, revision: listRevision };
    return {
      items,
      revision: listRevision,
      continue: encodeContinue(listRevision, items[items.length - 1]!.key),
      remaining: Number(res.count) - items.length,
    };
  }

  async update(key: string, value: string, expectedRevision: number, options?: WriteOptions): Promise<number> {
    checkKey(key);
    checkValue(value);
    checkTTL(options?.ttlSeconds);
    const res = await this.txnWithLease(options?.ttlSeconds, (lease) => ({
      compare: expectRevision(key, expectedRevision),
      // Without a TTL the put carries lease 0, which detaches any earlier lease, as in Kubernetes.
      success: [{ request_put: { key: Buffer.from(key), value: Buffer.from(value), lease } }],
      failure: [{ request_range: { key: Buffer.from(key) } }],
    }));
    if (!res.succeeded) throw this.failedCompare(key, expectedRevision, res.responses[0]?.response_range);
    return Number(res.header.revision);
  }

  async delete(key: string, options?: DeleteOptions): Promise<{ revision: number; deleted: KeyValue }> {
    checkKey(key);
    const expected = options?.expectedRevision;
    const compare: ICompare[] =
      expected === undefined ? [{ key: Buffer.from(key), target: 'Version', result: 'Greater', version: 0 }] : expectRevision(key, expected);
    const res = await this.call(() =>
      this.client.kv.txn({
        compare,
        success: [{ request_delete_range: { key: Buffer.from(key), prev_kv: true } }],
        failure: [{ request_range: { key: Buffer.from(key) } }],
      }),
    );
    if (!res.succeeded) throw this.failedCompare(key, expected ?? 0, res.responses[0]?.response_range);
    const deleted = res.responses[0]?.response_delete_range.prev_kvs[0];
    if (!deleted) throw new KeyNotFoundError(key);
    return { revision: Number(res.header.revision), deleted: toKeyValue(deleted) };
  }

  async count(prefix: string): Promise<number> {
    checkPrefix(prefix);
    const res = await this.range({ key: Buffer.from(prefix), range_end: prefixEnd(prefix), count_only: true });
    return Number(res.count);
  }

  /**
   * A linearizable read: the revision includes every write acknowledged to any client before the call.
   * Taking the maximum with every revision this client has been told keeps it monotonic.
   */
  async currentRevision(): Promise<number> {
    await this.range({ key: probeKey, count_only: true });
    return this.seenRevision;
  }

  watch(prefix: string, afterRevision: number, options?: WatchOptions): AsyncIterable<WatchEvent> {
    checkPrefix(prefix);
    const deps = {
      client: this.client.watchClient,
      compactedRevision: () => this.compacted,
      observeCompaction: (revision: number) => void (this.compacted = Math.max(this.compacted, revision)),
      sleep: this.sleep,
    };
    return watchPrefix(deps, prefix, afterRevision, options?.signal);
  }

  async compact(revision: number): Promise<void> {
    try {
      await this.call(() => this.client.kv.compact({ revision, physical: true }), revision);
    } catch (err) {
      // Compacting to a point already compacted is already done.
      if (!(err instanceof CompactedError)) throw err;
    }
    this.compacted = Math.max(this.compacted, revision);
  }

  /**
   * etcd has no call that reports its compaction point, but a read at a revision fails exactly when the
   * revision is below it. Usually the read at the point we know succeeds; when another client compacted
   * further, a binary search over (known, current] finds the new point in a few dozen reads.
   */
  async compactedRevision(): Promise<number> {
    const readable = (revision: number): Promise<boolean> =>
      this.call(() => this.client.kv.range({ key: probeKey, revision, count_only: true })).then(
        () => true,
        (err: unknown) => (err instanceof CompactedError ? false : Promise.reject(err)),
      );
    let low = this.compacted;
    if (await readable(Math.max(low, 1))) return this.compacted;
    let high = await this.currentRevision();
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (await readable(mid)) high = mid;
      else low = mid;
    }
    this.compacted = Math.max(this.compacted, high);
    return this.compacted;
  }

  async close(): Promise<void> {
    this.client.close();
  }

  private async range(req: Parameters<Etcd3['kv']['range']>[0], requestedRevision?: number): Promise<IRangeResponse> {
    try {
      return await this.call(() => this.client.kv.range(req), requestedRevision);
    } catch (err) {
      if (!(err instanceof CompactedError) || requestedRevision === undefined) throw err;
      throw new CompactedError(requestedRevision, await this.compactedRevision());
    }
  }

  private async txnWithLease(ttlSeconds: number | undefined, build: (lease: string | number) => Parameters<Etcd3['kv']['txn']>[0]) {
    const attempt = async () => this.client.kv.txn(build(ttlSeconds === undefined ? 0 : await this.leases.leaseFor(ttlSeconds)));
    try {
      return await this.call(attempt);
    } catch (err) {
      // A shared lease revoked behind our back: forget it and write once more with a fresh one.
      if (ttlSeconds === undefined || !(err instanceof EtcdLeaseInvalidError)) throw err;
      this.leases.forget(ttlSeconds);
      return this.call(attempt);
    }
  }

  private failedCompare(key: string, expectedRevision: number, current: IRangeResponse | undefined): Error {
    const kv = current?.kvs[0];
    return kv ? new ConflictError(key, expectedRevision, toKeyValue(kv)) : new KeyNotFoundError(key);
  }

  private async call<T extends { header?: { revision: string } }>(fn: () => Promise<T>, requestedRevision?: number): Promise<T> {
    try {
      const res = await fn();
      if (res.header) this.seenRevision = Math.max(this.seenRevision, Number(res.header.revision));
      return res;
    } catch (err) {
      if (err instanceof EtcdLeaseInvalidError) throw err;
      const message = err instanceof Error ? err.message : '';
      const current = message.includes('future revision') ? await this.currentRevision().catch(() => 0) : undefined;
      throw toStorageError(err, { requestedRevision, compactedRevision: () => this.compacted, currentRevision: current });
    }
  }
}

/** The key exists (version > 0) and was last written at expectedRevision. */
function expectRevision(key: string, expectedRevision: number): ICompare[] {
  return [
    { key: Buffer.from(key), target: 'Version', result: 'Greater', version: 0 },
    { key: Buffer.from(key), target: 'Mod', result: 'Equal', mod_revision: expectedRevision },
  ];
}

function toKeyValue(kv: IKeyValue): KeyValue {
  return {
    key: kv.key.toString(),
    value: kv.value.toString(),
    createRevision: Number(kv.create_revision),
    modRevision: Number(kv.mod_revision),
  };
}
