// Bad requests against a real `kites server`, sent with plain node:https: every failure is a Kubernetes
// `Status` with upstream's code and reason, and none of them disturbs the server or the stored objects.
// Not covered: a watch from a compacted resourceVersion (410 Expired) — hard to provoke from outside.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { readFile } from 'node:fs/promises';
import yaml from 'js-yaml';
import { startKitesServer, type KitesServer } from '../support/kites-server.ts';

interface Credentials {
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

interface Reply {
  code: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The parsed body; `any` because the tests check response bodies field by field. */
  json: any;
}

interface RequestOptions {
  method?: string;
  body?: string | Buffer;
  contentType?: string;
  /** Send the body with chunked encoding instead of a Content-Length. */
  chunked?: boolean;
  anonymous?: boolean;
}

async function credentialsOf(kubeconfig: string): Promise<Credentials> {
  const config = yaml.load(await readFile(kubeconfig, 'utf8')) as {
    clusters: Array<{ cluster: Record<string, string> }>;
    users: Array<{ user: Record<string, string> }>;
  };
  const data = (value: string | undefined) => Buffer.from(value ?? '', 'base64');
  return {
    ca: data(config.clusters[0]!.cluster['certificate-authority-data']),
    cert: data(config.users[0]!.user['client-certificate-data']),
    key: data(config.users[0]!.user['client-key-data']),
  };
}

function send(server: KitesServer, creds: Credentials, path: string, options: RequestOptions = {}): Promise<Reply> {
  const { method = options.body === undefined ? 'GET' : 'POST', body, contentType = 'application/json' } = options;
  const headers: Record<string, string | number> = { Accept: 'application/json' };
  if (body !== undefined) {
    headers['Content-Type'] = contentType;
    if (!options.chunked) headers['Content-Length'] = Buffer.byteLength(body);
  }
  const tls = options.anonymous ? { ca: creds.ca } : creds;
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port: server.port, path, method, headers, ...tls, agent: false, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ code: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    if (body !== undefined && options.chunked) {
      // Several writes so the server sees the size only while reading.
      const buffer = Buffer.from(body);
      for (let at = 0; at < buffer.length; at += 256 * 1024) req.write(buffer.subarray(at, at + 256 * 1024));
    } else if (body !== undefined) {
      req.write(body);
    }
    req.end();
  });
}

/** The reply is a Status object with this code and reason. */
function assertStatus(reply: Reply, code: number, reason: string): void {
  assert.equal(reply.code, code, `HTTP ${reply.code}: ${reply.text.slice(0, 500)}`);
  assert.equal(reply.json?.kind, 'Status', reply.text.slice(0, 500));
  assert.equal(reply.json.apiVersion, 'v1');
  assert.equal(reply.json.status, 'Failure');
  assert.equal(reply.json.code, code);
  assert.equal(reply.json.reason, reason);
  assert.equal(typeof reply.json.message, 'string');
  assert.match(String(reply.headers['content-type']), /^application\/json/);
}

const cmPath = (ns: string, name = '') => `/api/v1/namespaces/${ns}/configmaps${name ? `/${name}` : ''}`;
const configMap = (name: string, data: Record<string, string> = { k: 'v' }, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...extra }, data });

describe('bad input against kites server', { timeout: 180_000 }, () => {
  let server: KitesServer;
  let creds: Credentials;
  const req = (path: string, options?: RequestOptions) => send(server, creds, path, options);
  /** Objects created by this suite, with what they should still hold at the end. */
  const keep = new Map<string, Record<string, string>>();

  before(async () => {
    server = await startKitesServer();
    creds = await credentialsOf(server.kubeconfig);
    assert.equal((await req('/api/v1/namespaces', { body: JSON.stringify({ metadata: { name: 'bad' } }) })).code, 201);
    assert.equal((await req(cmPath('bad'), { body: configMap('keep', { a: '1' }) })).code, 201);
    keep.set('keep', { a: '1' });
  });
  after(async () => {
    await server?.stop();
  });

  test('a body over 3 MiB is 413 RequestEntityTooLarge, declared or streamed', async () => {
    const huge = configMap('huge', { blob: 'x'.repeat(3.5 * 1024 * 1024) });
    assertStatus(await req(cmPath('bad'), { body: huge }), 413, 'RequestEntityTooLarge');
    assertStatus(await req(cmPath('bad'), { body: huge, chunked: true }), 413, 'RequestEntityTooLarge');
    assertStatus(await req(cmPath('bad', 'keep'), { method: 'PUT', body: huge }), 413, 'RequestEntityTooLarge');
    assertStatus(await req(cmPath('bad', 'huge')), 404, 'NotFound');
  });

  test('malformed JSON, YAML and protobuf bodies are 400 BadRequest', async () => {
    const cases: Array<[string, string | Buffer, string]> = [
      ['truncated JSON', '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"', 'application/json'],
      ['JSON garbage', 'not json at all', 'application/json'],
      ['YAML with a bad indent', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n data: [\n', 'application/yaml'],
      ['YAML unclosed flow', 'metadata: {name: x\n', 'application/yaml'],
      ['protobuf without the magic', Buffer.from([1, 2, 3, 4, 5]), 'application/vnd.kubernetes.protobuf'],
      ['protobuf magic then garbage', Buffer.concat([Buffer.from('k8s\0'), Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01])]), 'application/vnd.kubernetes.protobuf'],
      ['protobuf magic only', Buffer.from('k8s\0'), 'application/vnd.kubernetes.protobuf'],
    ];
    for (const [what, body, contentType] of cases) {
      const reply = await req(cmPath('bad'), { body, contentType });
      assert.equal(reply.code, 400, `${what}: ${reply.text}`);
      assertStatus(reply, 400, 'BadRequest');
    }
  });

  test('an unknown resource, group or path is 404 NotFound', async () => {
    for (const path of ['/api/v1/namespaces/bad/widgets', '/apis/nope.example.com/v1/things', '/apis/apps/v9/deployments', '/api/v2/pods', '/nothing/here']) {
      assertStatus(await req(path), 404, 'NotFound');
    }
    assertStatus(await req('/api/v1/namespaces/bad/widgets', { body: configMap('w') }), 404, 'NotFound');
    assertStatus(await req(cmPath('bad', 'missing')), 404, 'NotFound');
  });

  test('a body whose kind or apiVersion disagrees with the URL is 400 BadRequest', async () => {
    const bodies = [
      JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'mismatch' } }),
      JSON.stringify({ apiVersion: 'apps/v1', kind: 'ConfigMap', metadata: { name: 'mismatch' } }),
      JSON.stringify({ apiVersion: 'v2', kind: 'ConfigMap', metadata: { name: 'mismatch' } }),
    ];
    for (const body of bodies) assertStatus(await req(cmPath('bad'), { body }), 400, 'BadRequest');
    const deployment = JSON.stringify({ apiVersion: 'v1', kind: 'Deployment', metadata: { name: 'mismatch' } });
    assertStatus(await req('/apis/apps/v1/namespaces/bad/deployments', { body: deployment }), 400, 'BadRequest');
    assertStatus(await req(cmPath('bad', 'keep'), { method: 'PUT', body: JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'keep' } }) }), 400, 'BadRequest');
    assertStatus(await req(cmPath('bad', 'mismatch')), 404, 'NotFound');
  });

  test('invalid names and labels are 422 Invalid with causes', async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['Bad_Name', {}, 'metadata.name'],
      ['-leading-dash', {}, 'metadata.name'],
      ['x'.repeat(254), {}, 'metadata.name'],
      ['fine', { labels: { 'bad key!': 'v' } }, 'metadata.labels'],
      ['fine', { labels: { ok: 'bad value with spaces' } }, 'metadata.labels'],
      ['fine', { labels: { ok: 'v'.repeat(64) } }, 'metadata.labels'],
    ];
    for (const [name, extra, field] of cases) {
      const reply = await req(cmPath('bad'), { body: configMap(name, {}, extra) });
      assertStatus(reply, 422, 'Invalid');
      const causes = reply.json.details?.causes as Array<{ reason: string; field: string; message: string }>;
      assert.ok(Array.isArray(causes) && causes.length > 0, `causes for ${name} ${JSON.stringify(extra)}: ${reply.text}`);
      assert.ok(causes.some((c) => c.field.startsWith(field) && c.reason === 'FieldValueInvalid'), JSON.stringify(causes));
      assert.equal(reply.json.details.kind, 'ConfigMap');
    }
    const noName = await req(cmPath('bad'), { body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }) });
    assertStatus(noName, 422, 'Invalid');
    assert.ok(noName.json.details.causes.some((c: { reason: string; field: string }) => c.reason === 'FieldValueRequired' && c.field === 'metadata.name'));
  });

  test('no credentials is 401 Unauthorized', async () => {
    for (const path of [cmPath('bad'), '/api', '/apis/apps/v1']) assertStatus(await req(path, { anonymous: true }), 401, 'Unauthorized');
    assertStatus(await req(cmPath('bad'), { anonymous: true, body: configMap('anon') }), 401, 'Unauthorized');
    assert.equal((await req('/readyz', { anonymous: true })).code, 200, 'health answers anyone');
  });

  test('a PUT with a stale resourceVersion is 409 Conflict', async () => {
    const created = await req(cmPath('bad'), { body: configMap('versioned', { v: '1' }) });
    assert.equal(created.code, 201);
    const first = created.json;
    const updated = await req(cmPath('bad', 'versioned'), { method: 'PUT', body: JSON.stringify({ ...first, data: { v: '2' } }) });
    assert.equal(updated.code, 200, updated.text);
    const stale = await req(cmPath('bad', 'versioned'), { method: 'PUT', body: JSON.stringify({ ...first, data: { v: 'lost' } }) });
    assertStatus(stale, 409, 'Conflict');
    assert.match(stale.json.message, /the object has been modified; please apply your changes to the latest version and try again/);
    assert.equal(stale.json.details.name, 'versioned');
    keep.set('versioned', { v: '2' });
  });

  test('limit and continue page through one consistent snapshot while writes happen', async () => {
    const names = Array.from({ length: 9 }, (_, i) => `page-${i}`);
    for (const name of names) assert.equal((await req(cmPath('bad'), { body: configMap(name, { n: name }) })).code, 201);
    for (const name of names) keep.set(name, { n: name });
    const before = (await req(cmPath('bad'))).json.items.map((i: { metadata: { name: string } }) => i.metadata.name) as string[];

    const seen: string[] = [];
    const versions = new Set<string>();
    let token: string | undefined;
    let page = 0;
    do {
      const reply = await req(`${cmPath('bad')}?limit=2${token ? `&continue=${encodeURIComponent(token)}` : ''}`);
      assert.equal(reply.code, 200, reply.text);
      assert.ok(reply.json.items.length <= 2);
      seen.push(...reply.json.items.map((i: { metadata: { name: string } }) => i.metadata.name));
      versions.add(reply.json.metadata.resourceVersion);
      token = reply.json.metadata.continue || undefined;
      if (token) assert.equal(typeof reply.json.metadata.remainingItemCount, 'number');
      // Writes between pages: a new object, a change to one already listed, one ahead, and a delete.
      assert.equal((await req(cmPath('bad'), { body: configMap(`late-${page}`) })).code, 201);
      keep.set(`late-${page}`, { k: 'v' });
      const patched = await req(cmPath('bad', 'page-0'), { method: 'PATCH', contentType: 'application/merge-patch+json', body: JSON.stringify({ data: { n: 'page-0', page: String(page) } }) });
      assert.equal(patched.code, 200, patched.text);
      if (page === 1) assert.equal((await req(cmPath('bad', 'page-8'), { method: 'DELETE' })).code, 200);
      page += 1;
    } while (token);
    keep.delete('page-8');
    keep.set('page-0', { n: 'page-0', page: String(page - 1) });

    assert.deepEqual(seen, before, 'the pages together are the list as it was when the first page was read');
    assert.equal(versions.size, 1, `every page reports the first page's resourceVersion: ${[...versions]}`);
    assertStatus(await req(`${cmPath('bad')}?limit=2&continue=not-a-token`), 400, 'BadRequest');
    assertStatus(await req(`${cmPath('bad')}?limit=-1`), 400, 'BadRequest');
  });

  test('errors everywhere are Status objects', async () => {
    const cases: Array<[string, RequestOptions, number, string]> = [
      [cmPath('bad', 'keep'), { method: 'POST', body: configMap('keep') }, 405, 'MethodNotAllowed'],
      [cmPath('bad'), { body: configMap('keep') }, 409, 'AlreadyExists'],
      [cmPath('bad'), { body: configMap('x'), contentType: 'text/csv' }, 415, 'UnsupportedMediaType'],
      [cmPath('bad', 'keep'), { method: 'PATCH', body: '{}', contentType: 'application/x-unknown-patch' }, 415, 'UnsupportedMediaType'],
      [cmPath('bad', 'keep'), { method: 'PATCH', body: '[{"op":"test","path":"/data/a","value":"nope"}]', contentType: 'application/json-patch+json' }, 422, 'Invalid'],
      [cmPath('bad', 'nothing'), { method: 'DELETE' }, 404, 'NotFound'],
      [cmPath('missing-ns'), { body: configMap('x') }, 404, 'NotFound'],
      [`${cmPath('bad')}?labelSelector=${encodeURIComponent('a in (')}`, {}, 400, 'BadRequest'],
      [`${cmPath('bad')}?fieldSelector=${encodeURIComponent('spec.bogus=1')}`, {}, 400, 'BadRequest'],
      [`${cmPath('bad')}?resourceVersion=99999999`, {}, 504, 'Timeout'],
    ];
    for (const [path, options, code, reason] of cases) {
      const reply = await req(path, options);
      assert.equal(reply.code, code, `${options.method ?? 'GET'} ${path}: ${reply.text}`);
      assertStatus(reply, code, reason);
    }
  });

  test('afterwards the server is ready and every object is intact', async () => {
    const ready = await req('/readyz');
    assert.equal(ready.code, 200);
    assert.equal(ready.text, 'ok');
    const items = (await req(cmPath('bad'))).json.items as Array<{ metadata: { name: string }; data?: Record<string, string> }>;
    const stored = new Map(items.filter((i) => i.metadata.name !== 'kube-root-ca.crt').map((i) => [i.metadata.name, i.data ?? {}]));
    assert.deepEqual(new Map([...stored].sort()), new Map([...keep].sort()));
  });
});
