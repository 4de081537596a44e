import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { createLogger } from '../log/logger.ts';
import { ApiClient } from './client.ts';
import { FakeClock, flush } from './clock.ts';
import { Informer } from './informer.ts';
import { FakeStream, FakeTransport, statusBody, type FakeAnswer } from './testing.ts';

const quiet = createLogger({ level: 'error', write: () => undefined });
const pod = (name: string, rv: string, labels: Record<string, string> = {}): Pod => ({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'default', name, resourceVersion: rv, labels } });
const list = (rv: string, items: Pod[], cont?: string) => ({ status: 200, body: { apiVersion: 'v1', kind: 'PodList', metadata: { resourceVersion: rv, continue: cont }, items: items.map(({ apiVersion: _a, kind: _k, ...rest }) => rest) } });

/** A fake server that answers lists and watches from two scripted queues. */
function scripted(lists: FakeAnswer[], watches: (FakeStream | FakeAnswer)[]) {
  const fake = new FakeTransport().on('GET', /\/pods$/, (req) => {
    const queue: (FakeStream | FakeAnswer)[] = req.url.searchParams.get('watch') ? watches : lists;
    const next = queue.shift();
    if (!next) return { status: 500, body: statusBody(500, 'InternalError', 'script exhausted') };
    return next instanceof FakeStream ? { status: 200, stream: next } : next;
  });
  const clock = new FakeClock();
  const informer = new Informer<Pod>(new ApiClient(fake.send).forKind<Pod>('', 'v1', 'Pod'), { clock, logger: quiet, pageSize: 2, backoff: { initialMs: 100, maxMs: 400 } });
  const log: string[] = [];
  informer.addEventHandler({
    onAdd: (p) => log.push(`add ${p.metadata!.name}@${p.metadata!.resourceVersion}`),
    onUpdate: (o, n) => log.push(`update ${n.metadata!.name}@${o.metadata!.resourceVersion}->${n.metadata!.resourceVersion}`),
    onDelete: (p) => log.push(`delete ${p.metadata!.name}`),
  });
  const watchRVs = () => fake.find('GET', 'watch=true').map((r) => r.url.searchParams.get('resourceVersion'));
  return { fake, clock, informer, log, watchRVs };
}

test('lists in pages, then applies watch events and bookmarks', async () => {
  const stream = new FakeStream();
  const { fake, informer, log, watchRVs } = scripted([list('10', [pod('a', '5'), pod('b', '6')], 'next'), list('10', [pod('c', '7')])], [stream]);
  const abort = new AbortController();
  const running = informer.run(abort.signal);
  assert.equal(await informer.waitForSync(), true);
  assert.deepEqual(log, ['add a@5', 'add b@6', 'add c@7']);
  assert.equal(informer.store.get('default/a')!.kind, 'Pod', 'list items get their kind back');
  stream.push({ type: 'ADDED', object: pod('d', '11') });
  stream.push({ type: 'MODIFIED', object: pod('a', '12') });
  stream.push({ type: 'DELETED', object: pod('b', '13') });
  stream.push({ type: 'BOOKMARK', object: { kind: 'Pod', apiVersion: 'v1', metadata: { resourceVersion: '20' } } });
  await flush();
  assert.deepEqual(log.slice(3), ['add d@11', 'update a@5->12', 'delete b']);
  assert.deepEqual(informer.store.keys().sort(), ['default/a', 'default/c', 'default/d']);
  assert.equal(informer.lastSyncResourceVersion(), '20');
  assert.deepEqual(watchRVs(), ['10']);
  assert.equal(fake.find('GET', 'watch=true')[0]!.url.searchParams.get('allowWatchBookmarks'), 'true');
  assert.equal(fake.find('GET', 'continue=next').length, 1);
  abort.abort();
  await running;
});

test('a watch the server ends is resumed from the last resourceVersion without a list', async () => {
  const first = new FakeStream();
  const second = new FakeStream();
  const { fake, clock, informer, watchRVs } = scripted([list('10', [])], [first, second]);
  const abort = new AbortController();
  const running = informer.run(abort.signal);
  await informer.waitForSync();
  first.push({ type: 'ADDED', object: pod('a', '11') });
  first.end();
  await clock.advance(0);
  assert.deepEqual(watchRVs(), ['10', '11']);
  assert.equal(fake.find('GET').filter((r) => !r.path.includes('watch=true')).length, 1);
  abort.abort();
  await running;
});

test('an ERROR 410 event re-lists after back-off and synthesizes the missed updates and deletes', async () => {
  const first = new FakeStream();
  const second = new FakeStream();
  const { clock, informer, log, watchRVs } = scripted(
    [list('10', [pod('a', '5'), pod('b', '6'), pod('c', '7')]), list('50', [pod('a', '5'), pod('b', '40'), pod('d', '45')])],
    [first, second],
  );
  const abort = new AbortController();
  const running = informer.run(abort.signal);
  await informer.waitForSync();
  log.length = 0;
  first.push({ type: 'ERROR', object: statusBody(410, 'Expired', 'too old resource version: 10 (30)') });
  await clock.advance(99);
  assert.deepEqual(log, [], 'nothing before the back-off has passed');
  await clock.advance(1);
  assert.deepEqual(log, ['update b@6->40', 'add d@45', 'delete c']);
  assert.deepEqual(watchRVs(), ['10', '50']);
  abort.abort();
  await running;
});

test('a refused watch (410) re-lists; other failures back off exponentially up to the cap and resume', async () => {
  const last = new FakeStream();
  const gone = { status: 410, body: statusBody(410, 'Expired', 'too old') };
  const down = { status: 503, body: statusBody(503, 'ServiceUnavailable', 'down') };
  const { fake, clock, informer, watchRVs } = scripted([list('10', []), down, down, down, list('60', [])], [gone, last]);
  const abort = new AbortController();
  const running = informer.run(abort.signal);
  await informer.waitForSync();
  const lists = () => fake.find('GET').filter((r) => !r.path.includes('watch=true')).length;
  // Delays: 100 (after 410), 200, 400, 400 (capped) → lists at 100, 300, 700, 1100.
  for (const [at, want] of [[99, 1], [100, 2], [300, 3], [700, 4], [1099, 4], [1100, 5]] as const) {
    await clock.advance(at - (clock.now() - Date.UTC(2024, 0, 1)));
    assert.equal(lists(), want, `lists at ${at} ms`);
  }
  assert.deepEqual(watchRVs(), ['10', '60']);
  abort.abort();
  await running;
});

test('handlers added late get the cache replayed; a throwing handler does not stop the others', async () => {
  const stream = new FakeStream();
  const { informer } = scripted([list('10', [pod('a', '5')])], [stream]);
  const abort = new AbortController();
  const running = informer.run(abort.signal);
  await informer.waitForSync();
  const seen: string[] = [];
  informer.addEventHandler({ onAdd: () => { throw new Error('boom'); } });
  const off = informer.addEventHandler({ onAdd: (p) => seen.push(p.metadata!.name!) });
  stream.push({ type: 'ADDED', object: pod('b', '11') });
  await flush();
  off();
  stream.push({ type: 'ADDED', object: pod('c', '12') });
  await flush();
  assert.deepEqual(seen, ['a', 'b']);
  abort.abort();
  await running;
});

test('waitForSync answers false when aborted first', async () => {
  const { informer } = scripted([], []);
  const abort = new AbortController();
  const waiting = informer.waitForSync(abort.signal);
  abort.abort();
  assert.equal(await waiting, false);
});
