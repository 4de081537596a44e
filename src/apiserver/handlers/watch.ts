// Watch: newline-delimited JSON events ({"type":…,"object":…}), from a resourceVersion or with the
// current state first, filtered by selectors (an object leaving the selection is a DELETED event, as
// upstream's cacher does), bookmarks, timeoutSeconds, Table-formatted objects for `kubectl get -w`,
// and an ERROR event carrying 410 Expired when the requested history was compacted.
import { once } from 'node:events';
import { CompactedError } from '../../storage/errors.ts';
import { apiVersionOf } from '../objects/lifecycle.ts';
import type { KubeObject } from '../objects/codec.ts';
import type { ObjectEvent } from '../objects/store.ts';
import { query, type RequestContext } from '../context.ts';
import { toApiError } from '../storage-errors.ts';
import { ApiError, errors } from '../status.ts';
import { buildTable, includeObjectMode, wantsTable } from '../table.ts';
import { objectFilter } from './filter.ts';
import { parseResourceVersion } from './resource-version.ts';

/** How often an idle watch that allows bookmarks gets one. */
export const BOOKMARK_INTERVAL_MS = 30_000;
/** Upstream ends watches after a random 30–60 minutes so clients spread their re-lists. */
const DEFAULT_TIMEOUT_S = 1800;

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export async function watch(ctx: RequestContext): Promise<void> {
  const { rt, deps, req, res } = ctx;
  const selected = objectFilter(rt, query(ctx, 'labelSelector'), query(ctx, 'fieldSelector'));
  // A watch on a named object (the legacy /watch/…/NAME form) sees only that object.
  const name = ctx.info.name;
  const filter = name === undefined ? selected : (obj: KubeObject) => obj.metadata.name === name && (!selected || selected(obj));
  const matches = (obj: KubeObject) => !filter || filter(obj);
  const rv = parseResourceVersion(query(ctx, 'resourceVersion'));
  const bookmarks = query(ctx, 'allowWatchBookmarks') === 'true';
  const sendInitialText = query(ctx, 'sendInitialEvents');
  const sendInitial = sendInitialText === undefined ? rv === undefined || rv === 0 : sendInitialText === 'true';
  const timeoutText = query(ctx, 'timeoutSeconds');
  const timeoutSeconds = timeoutText === undefined ? DEFAULT_TIMEOUT_S + Math.floor(Math.random() * DEFAULT_TIMEOUT_S) : Number(timeoutText);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 0) throw errors.badRequest(`invalid timeoutSeconds "${timeoutText}"`);
  const table = wantsTable(req.headers) ? includeObjectMode(query(ctx, 'includeObject')) : undefined;
  const apiVersion = apiVersionOf(rt);

  const abort = new AbortController();
  const stop = () => abort.abort();
  req.on('close', stop);
  res.on('close', stop);
  const timer = setTimeout(stop, timeoutSeconds * 1000);

  let lastRevision = rv ?? 0;
  let headerSent = false;
  const sendHeader = () => {
    if (headerSent) return;
    headerSent = true;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
  };
  const write = (type: EventType, object: unknown) => writeLine(JSON.stringify({ type, object }) + '\n');
  const writeLine = async (line: string) => {
    sendHeader();
    if (!res.write(line)) await Promise.race([once(res, 'drain'), once(abort.signal, 'abort')]);
  };
  const writeObject = (type: EventType, obj: KubeObject) => {
    obj.apiVersion = apiVersion;
    obj.kind = rt.kind;
    const body = table ? buildTable(rt, [obj], { resourceVersion: obj.metadata.resourceVersion! }, table, deps.now()) : obj;
    return write(type, body);
  };
  /** A change shared with other watchers: encoded once, never modified here. */
  const writeEvent = (type: EventType, event: ObjectEvent) =>
    table ? write(type, buildTable(rt, [event.object], { resourceVersion: String(event.revision) }, table, deps.now())) : writeLine(`{"type":"${type}","object":${event.json()}}\n`);
  const bookmark = (annotations?: Record<string, string>) =>
    write('BOOKMARK', { kind: rt.kind, apiVersion, metadata: { resourceVersion: String(lastRevision), ...(annotations ? { annotations } : {}) } });
  const bookmarkTimer = bookmarks ? setInterval(() => void bookmark().catch(stop), BOOKMARK_INTERVAL_MS) : undefined;

  try {
    if (sendInitial) {
      let position: string | undefined;
      do {
        const page = await deps.store.list(rt, ctx.info.namespace, { limit: 500, continue: position, revision: position ? lastRevision : undefined, filter });
        lastRevision = page.revision;
        for (const obj of page.items) await writeObject('ADDED', obj);
        position = page.continue;
      } while (position && !abort.signal.aborted);
      if (bookmarks && sendInitialText === 'true') await bookmark({ 'k8s.io/initial-events-end': 'true' });
    }
    sendHeader();
    for await (const event of deps.store.watch(rt, ctx.info.namespace, lastRevision, abort.signal)) {
      lastRevision = event.revision;
      const now = matches(event.object);
      const before = event.previous !== undefined && matches(event.previous);
      if (event.type === 'DELETED') {
        if (now) await writeEvent('DELETED', event);
      } else if (now) {
        await writeEvent(before || event.type === 'ADDED' ? event.type : 'ADDED', event);
      } else if (before) {
        await writeEvent('DELETED', event);
      }
    }
  } catch (err) {
    if (abort.signal.aborted) return;
    const apiError = toApiError(err);
    if (!headerSent && !(err instanceof CompactedError)) throw apiError;
    // A stream already under way just ends (the client re-watches from its last resourceVersion),
    // except for lost history, which the client must hear about to re-list.
    if (apiError instanceof ApiError && err instanceof CompactedError) await write('ERROR', apiError.toStatus()).catch(() => undefined);
  } finally {
    clearTimeout(timer);
    if (bookmarkTimer) clearInterval(bookmarkTimer);
    req.off('close', stop);
    if (!res.writableEnded) res.end();
  }
}
