// Fuzzing a real `kites server` over HTTPS: thousands of seeded random requests (random and near-valid
// paths, query strings, headers and bodies) with bounded concurrency over keep-alive. The server must
// never answer 5xx except the deliberate 503/504, never hang, stay alive, and leave an object written
// before the fuzzing exactly as it was. Reproduce a failure with KITES_FUZZ_SEED=<seed printed>.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { readFile } from 'node:fs/promises';
import yaml from 'js-yaml';
import { startKitesServer, type KitesServer } from '../support/kites-server.ts';

const REQUESTS = Number(process.env.KITES_FUZZ_REQUESTS ?? 10_000);
const CONCURRENCY = 16;
const DEADLINE_MS = 10_000;
const SEED = Number(process.env.KITES_FUZZ_SEED ?? 0x6b697465);
/** The fuzzer never names this namespace, so nothing it sends may legitimately change what is in it. */
const PROTECTED_NAMESPACE = 'sentinel';

interface FuzzRequest {
  index: number;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** A watch whose stream is left after the response headers arrive. */
  streaming: boolean;
}

interface Outcome {
  code: number;
  text: string;
}

interface Resource {
  path: string; // '/api/v1' or '/apis/apps/v1'
  apiVersion: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  subresources: string[];
}

/** mulberry32: a small seeded PRNG, so a failing run replays request by request. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Gen {
  constructor(readonly random: () => number) {}
  int(n: number): number {
    return Math.floor(this.random() * n);
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = this.int(256);
    return out;
  }
  word(max = 12): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789-._~%:@!$&\'()*+,;=ÄЖ漢 /\\?#';
    let s = '';
    for (let i = 1 + this.int(max); i > 0; i--) s += alphabet[this.chance(0.8) ? this.int(26) : this.int(alphabet.length)];
    return s;
  }
  name(): string {
    return this.chance(0.7) ? this.pick(['fuzz-a', 'fuzz-b', 'fuzz-c', 'web', 'default']) : this.word(this.chance(0.05) ? 300 : 16);
  }
  namespace(): string {
    const ns = this.chance(0.8) ? this.pick(['fuzz', 'default', 'kube-system', 'fuzz', 'missing']) : this.word();
    return ns === PROTECTED_NAMESPACE ? 'fuzz' : ns;
  }
  /** A random JSON-able value of bounded depth. */
  value(depth = 0): unknown {
    const kind = this.int(depth > 3 ? 6 : 9);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return this.chance(0.5);
      case 2:
        return this.pick([0, -1, 1, 2 ** 53, -(2 ** 63), 1.5, 1e308, 65536, 2147483648]);
      case 3:
        return this.word(20);
      case 4:
        return this.pick(['', '100m', '1Gi', 'Always', 'TCP', '2024-01-01T00:00:00Z', 'true', '-1', 'x'.repeat(70)]);
      case 5:
        return this.int(100);
      case 6:
        return Array.from({ length: this.int(4) }, () => this.value(depth + 1));
      default: {
        const obj: Record<string, unknown> = {};
        for (let i = this.int(4); i > 0; i--) obj[this.chance(0.1) ? '__proto__' : this.word(8)] = this.value(depth + 1);
        return obj;
      }
    }
  }
}

const templates: Record<string, (name: string) => Record<string, unknown>> = {
  configmaps: (name) => ({ metadata: { name, labels: { app: 'fuzz' } }, data: { a: '1', b: 'two' } }),
  secrets: (name) => ({ metadata: { name }, type: 'Opaque', data: { k: 'dmFsdWU=' }, stringData: { s: 'x' } }),
  pods: (name) => ({ metadata: { name, labels: { app: 'fuzz' } }, spec: { containers: [{ name: 'c', image: 'busybox', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '100m' } } }] } }),
  services: (name) => ({ metadata: { name }, spec: { selector: { app: 'fuzz' }, ports: [{ port: 80, targetPort: 8080 }] } }),
  deployments: (name) => ({
    metadata: { name, labels: { app: 'fuzz' } },
    spec: { replicas: 1, selector: { matchLabels: { app: 'fuzz' } }, template: { metadata: { labels: { app: 'fuzz' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
  }),
  namespaces: (name) => ({ metadata: { name: name === PROTECTED_NAMESPACE ? 'fuzz-ns' : name } }),
  serviceaccounts: (name) => ({ metadata: { name } }),
  jobs: (name) => ({ metadata: { name }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } }),
};

/** Sets, deletes or retypes a random field somewhere in the object. */
function mutate(g: Gen, obj: Record<string, unknown>): void {
  let target: Record<string, unknown> = obj;
  for (let depth = 0; depth < 6; depth++) {
    const keys = Object.keys(target);
    if (keys.length === 0 || g.chance(0.3)) break;
    const next = target[g.pick(keys)];
    if (next === null || typeof next !== 'object') break;
    target = next as Record<string, unknown>;
  }
  const keys = Object.keys(target);
  const key = keys.length > 0 && g.chance(0.7) ? g.pick(keys) : g.word(10);
  if (g.chance(0.2)) delete target[key];
  else target[key] = g.value();
}

function nearValidObject(g: Gen, resource: Resource | undefined): Record<string, unknown> {
  const name = g.name();
  const base = (resource && templates[resource.plural]?.(name)) ?? { metadata: { name } };
  const obj: Record<string, unknown> = { apiVersion: resource?.apiVersion ?? 'v1', kind: resource?.kind ?? 'ConfigMap', ...base };
  for (let i = g.chance(0.4) ? 0 : 1 + g.int(3); i > 0; i--) mutate(g, obj);
  if (g.chance(0.05)) obj.kind = g.pick(['Secret', 'Pod', 'Status', '', 'List']);
  if (g.chance(0.05)) obj.apiVersion = g.pick(['v2', 'apps/v1', 'nope/v1', '']);
  return obj;
}

function deepNesting(g: Gen): string {
  const depth = g.pick([100, 1000, 10_000, 100_000]);
  return g.chance(0.5) ? '['.repeat(depth) + ']'.repeat(depth) : '{"metadata":'.repeat(depth) + '{}' + '}'.repeat(depth);
}

function randomBody(g: Gen, resource: Resource | undefined, method: string): Buffer | undefined {
  if (method === 'GET' && g.chance(0.95)) return undefined;
  if (method === 'DELETE' && g.chance(0.6)) return undefined;
  const valid = () => JSON.stringify(nearValidObject(g, resource));
  switch (g.int(12)) {
    case 0:
      return g.bytes(g.int(2048));
    case 1: {
      const text = valid();
      return Buffer.from(text.slice(0, g.int(text.length)));
    }
    case 2:
      return Buffer.from(deepNesting(g));
    case 3: {
      const obj = nearValidObject(g, resource);
      obj.data = { huge: 'x'.repeat(g.pick([64 * 1024, 1024 * 1024, 3 * 1024 * 1024 + 10])) };
      return Buffer.from(JSON.stringify(obj));
    }
    case 4:
      return Buffer.concat([Buffer.from('k8s\0'), g.bytes(g.int(512))]);
    case 5:
      return Buffer.from(g.pick(['', '{}', '[]', 'null', '0', '"s"', '{"metadata":null}', '{"metadata":[]}', '---\n---\n', 'a: [b']));
    case 6:
      // JSON patch, merge patch and strategic merge patch shapes.
      return Buffer.from(
        JSON.stringify(
          g.chance(0.5)
            ? [{ op: g.pick(['add', 'remove', 'replace', 'move', 'copy', 'test', 'bogus']), path: g.pick(['/metadata/labels/x', '/data', '/spec/replicas', '/', '', '/metadata/name', g.word()]), from: '/metadata', value: g.value() }]
            : { metadata: { labels: { x: g.value() }, $patch: g.pick(['replace', 'delete', 'bogus']) }, spec: { $setElementOrder: g.value(), containers: [{ name: 'c', $patch: 'delete' }] } },
        ),
      );
    case 7:
      return Buffer.from(yaml.dump(nearValidObject(g, resource)));
    default:
      return Buffer.from(valid());
  }
}

const contentTypes = [
  'application/json',
  'application/json; charset=utf-8',
  'application/yaml',
  'application/vnd.kubernetes.protobuf',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/json-patch+json',
  'application/apply-patch+yaml',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/JSON',
  ';;;',
];
const accepts = [
  'application/json',
  'application/json;as=Table;v=v1;g=meta.k8s.io',
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
  'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io',
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
  'application/vnd.kubernetes.protobuf',
  'application/com.github.proto-openapi.spec.v2@v1.0+protobuf',
  '*/*',
  'text/html',
  'application/yaml',
  ',,;q=x',
];
const queryKeys = [
  'labelSelector', 'fieldSelector', 'limit', 'continue', 'resourceVersion', 'resourceVersionMatch', 'timeoutSeconds', 'allowWatchBookmarks',
  'dryRun', 'fieldValidation', 'fieldManager', 'force', 'pretty', 'propagationPolicy', 'gracePeriodSeconds', 'includeObject', 'sendInitialEvents', 'orphanDependents',
];
const queryValues = [
  'true', 'false', 'True', '0', '1', '-1', '2', '500', '99999999999999999999', 'All', 'Strict', 'Warn', 'Ignore', 'Exact', 'NotOlderThan', 'Foreground', 'Orphan', 'Object',
  'app=fuzz', 'app in (fuzz,web),tier!=x', 'a in (', '!app', 'metadata.name=fuzz-a', 'metadata.namespace!=x', 'spec.bogus=1', 'status.phase=Running', '==', 'eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MSwicCI6IngifQ', '%zz',
];

function randomQuery(g: Gen): { text: string; watch: boolean } {
  const parts: string[] = [];
  let watch = false;
  for (let i = g.chance(0.5) ? 0 : 1 + g.int(3); i > 0; i--) {
    const key = g.chance(0.9) ? g.pick(queryKeys) : g.word(6);
    const value = g.chance(0.85) ? g.pick(queryValues) : g.word(20);
    parts.push(`${encodeURIComponent(key)}=${g.chance(0.9) ? encodeURIComponent(value) : value}`);
  }
  if (g.chance(0.08)) {
    watch = true;
    parts.push(`watch=${g.pick(['true', '1', 'True'])}`, `timeoutSeconds=${g.pick(['1', '2'])}`);
  }
  if (g.chance(0.03)) parts.push('x'.repeat(g.pick([100, 4000])));
  return { text: parts.length > 0 ? `?${parts.join('&')}` : '', watch };
}

const fixedPaths = [
  '/api', '/apis', '/api/v1', '/apis/apps', '/apis/apps/v1', '/apis/nope.example.com', '/openapi/v2', '/openapi/v3', '/openapi/v3/api/v1', '/openapi/v3/apis/apps/v1',
  '/openapi/v3/apis/nope/v1', '/version', '/healthz', '/livez', '/readyz', '/metrics', '/', '/api/v1/', '/apis/', '/api/v1/namespaces/', '//api//v1', '/api/../api/v1', '/api/v1/%2e%2e',
];

/** Mostly the shape the method expects (a name for PUT and PATCH, none for POST), sometimes not. */
function wantsName(g: Gen, method: string): boolean {
  if (method === 'PUT' || method === 'PATCH') return g.chance(0.9);
  if (method === 'POST') return g.chance(0.1);
  return g.chance(0.5);
}

function resourcePath(g: Gen, resource: Resource, method: string): { path: string; named: boolean } {
  const ns = g.namespace();
  const scope = resource.namespaced && g.chance(0.85) ? `/namespaces/${encodeURIComponent(ns)}` : '';
  const legacyWatch = g.chance(0.03) ? '/watch' : '';
  let path = `${resource.path}${legacyWatch}${scope}/${resource.plural}`;
  const named = wantsName(g, method);
  if (named) {
    const name = resource.plural === 'namespaces' && !scope ? g.namespace() : g.name();
    path += `/${encodeURIComponent(name)}`;
    if (g.chance(0.15)) path += `/${g.chance(0.8) && resource.subresources.length > 0 ? g.pick(resource.subresources) : g.word(8)}`;
  }
  if (g.chance(0.1)) {
    // A near-miss: one segment replaced, dropped or added.
    const segments = path.split('/');
    const at = 1 + g.int(segments.length - 1);
    const roll = g.int(3);
    if (roll === 0) segments[at] = encodeURIComponent(g.word(10));
    else if (roll === 1) segments.splice(at, 1);
    else segments.splice(at, 0, g.word(6));
    path = segments.join('/');
  }
  return { path, named };
}

/** Percent-encodes what HTTP/1.1 cannot carry raw (spaces, controls, non-ASCII); Node refuses to send it. */
function onTheWire(text: string): string {
  return text.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
}

function fittingContentType(g: Gen, method: string): string {
  if (method === 'PATCH') return g.pick(['application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/json-patch+json', 'application/apply-patch+yaml']);
  return 'application/json';
}

function nextRequest(g: Gen, index: number, resources: Resource[]): FuzzRequest {
  const method = g.pick(['GET', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
  let resource: Resource | undefined;
  let path: string;
  let named = true;
  if (g.chance(0.2)) {
    path = g.pick(fixedPaths);
  } else {
    // Half the time one of the kinds with a valid template, so that many writes get past decoding.
    const templated = resources.filter((r) => templates[r.plural] && r.apiVersion !== 'events.k8s.io/v1');
    resource = g.chance(0.5) ? g.pick(templated) : g.pick(resources);
    ({ path, named } = resourcePath(g, resource, method));
  }
  // A cluster-wide DELETE of a collection (say, every namespace) would legitimately remove the sentinel.
  const safeMethod = method === 'DELETE' && !named && !path.includes('/namespaces/') ? 'GET' : method;
  const query = randomQuery(g);
  const headers: Record<string, string> = { Accept: g.pick(accepts) };
  if (g.chance(0.05)) delete headers.Accept;
  const body = randomBody(g, resource, safeMethod);
  if (body !== undefined && g.chance(0.95)) headers['Content-Type'] = g.chance(0.6) ? fittingContentType(g, safeMethod) : g.pick(contentTypes);
  if (g.chance(0.05)) headers[g.pick(['Impersonate-User', 'If-Match', 'X-Remote-User', 'Content-Encoding', 'Accept-Encoding'])] = onTheWire(g.word(12));
  const streaming = query.watch || path.includes('/watch/');
  return { index, method: safeMethod, path: onTheWire(path + query.text), headers, body, streaming };
}

interface Credentials {
  ca: Buffer;
  cert: Buffer;
  key: Buffer;
}

async function credentialsOf(kubeconfig: string): Promise<Credentials> {
  const config = yaml.load(await readFile(kubeconfig, 'utf8')) as { clusters: Array<{ cluster: Record<string, string> }>; users: Array<{ user: Record<string, string> }> };
  const data = (value: string | undefined) => Buffer.from(value ?? '', 'base64');
  return {
    ca: data(config.clusters[0]!.cluster['certificate-authority-data']),
    cert: data(config.users[0]!.user['client-certificate-data']),
    key: data(config.users[0]!.user['client-key-data']),
  };
}

/** Sends one request; resolves with its outcome or rejects on a transport error or the deadline. */
function send(agent: https.Agent, port: number, request: FuzzRequest): Promise<Outcome> {
  const headers: Record<string, string | number> = { ...request.headers };
  if (request.body !== undefined) headers['Content-Length'] = request.body.length;
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, path: request.path, method: request.method, headers, agent }, (res) => {
      if (request.streaming && res.statusCode === 200) {
        clearTimeout(timer);
        res.destroy();
        resolve({ code: 200, text: '' });
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ code: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    const timer = setTimeout(() => req.destroy(new Error(`no complete answer within ${DEADLINE_MS} ms`)), DEADLINE_MS);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end(request.body);
  });
}

function describeRequest(request: FuzzRequest): string {
  const body = request.body === undefined ? '' : ` body(${request.body.length} bytes)=${JSON.stringify(request.body.subarray(0, 300).toString('latin1'))}`;
  return `#${request.index} ${request.method} ${request.path.slice(0, 300)} headers=${JSON.stringify(request.headers)}${body}`;
}

describe('fuzzing kites server', { timeout: 300_000 }, () => {
  let server: KitesServer;
  let creds: Credentials;
  let agent: https.Agent;
  let resources: Resource[] = [];
  let sentinel: string;
  const cmPath = (ns: string, name = '') => `/api/v1/namespaces/${ns}/configmaps${name ? `/${name}` : ''}`;
  const call = async (method: string, path: string, body?: unknown) => {
    const outcome = await send(agent, server.port, {
      index: -1,
      method,
      path,
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : Buffer.from(JSON.stringify(body)),
      streaming: false,
    });
    return { code: outcome.code, json: JSON.parse(outcome.text) };
  };

  before(async () => {
    server = await startKitesServer({ extraArgs: ['--disable-controller-manager', '--disable-scheduler'] }) // the fuzzer deletes namespaces; controllers would rightly empty them;
    creds = await credentialsOf(server.kubeconfig);
    agent = new https.Agent({ keepAlive: true, maxSockets: CONCURRENCY, ...creds });
    for (const name of [PROTECTED_NAMESPACE, 'fuzz']) assert.equal((await call('POST', '/api/v1/namespaces', { metadata: { name } })).code, 201);
    const written = await call('POST', cmPath(PROTECTED_NAMESPACE), { metadata: { name: 'known', labels: { app: 'fuzz' } }, data: { keep: 'me', big: 'y'.repeat(10_000) } });
    assert.equal(written.code, 201);
    sentinel = JSON.stringify(written.json);
    // The resources the server serves, from its own discovery documents.
    const groups = (await call('GET', '/apis')).json.groups as Array<{ preferredVersion: { groupVersion: string } }>;
    for (const gv of ['v1', ...groups.map((g) => g.preferredVersion.groupVersion)]) {
      const path = gv === 'v1' ? '/api/v1' : `/apis/${gv}`;
      const list = (await call('GET', path)).json.resources as Array<{ name: string; kind: string; namespaced: boolean }>;
      for (const r of list.filter((r) => !r.name.includes('/'))) {
        const subresources = list.filter((s) => s.name.startsWith(`${r.name}/`)).map((s) => s.name.slice(r.name.length + 1));
        resources.push({ path, apiVersion: gv, plural: r.name, kind: r.kind, namespaced: r.namespaced, subresources });
      }
    }
    resources = resources.sort((a, b) => `${a.path}/${a.plural}`.localeCompare(`${b.path}/${b.plural}`));
    assert.ok(resources.length > 20, `discovery lists the built-in resources (${resources.length})`);
  });
  after(async () => {
    agent?.destroy();
    await server?.stop();
  });

  test(`${REQUESTS} random requests: no 5xx but 503/504, no hang, no partial write`, { timeout: 240_000 }, async () => {
    console.log(`fuzz seed ${SEED} (set KITES_FUZZ_SEED to replay), ${REQUESTS} requests, concurrency ${CONCURRENCY}`);
    const g = new Gen(prng(SEED));
    const failures: string[] = [];
    const codes = new Map<number, number>();
    let issued = 0;
    const started = Date.now();
    const worker = async () => {
      while (issued < REQUESTS && failures.length < 20) {
        const request = nextRequest(g, issued++, resources);
        try {
          const { code, text } = await send(agent, server.port, request);
          codes.set(code, (codes.get(code) ?? 0) + 1);
          // 503/504 are deliberate (too large a resourceVersion, tokens not configured), but the local
          // storage is healthy throughout, so "storage is unavailable" means a request broke it.
          const deliberate = (code === 503 || code === 504) && !text.includes('storage is unavailable');
          if (code >= 500 && !deliberate) failures.push(`${code} ${text.slice(0, 400)}\n  for ${describeRequest(request)}`);
          if (code >= 400 && !request.path.startsWith('/openapi') && text && !/"kind":"Status"/.test(text) && request.method !== 'HEAD') {
            failures.push(`${code} is not a Status: ${text.slice(0, 200)}\n  for ${describeRequest(request)}`);
          }
        } catch (err) {
          failures.push(`transport error ${(err as Error).message}\n  for ${describeRequest(request)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (Date.now() - started) / 1000;
    console.log(`${issued} requests in ${seconds.toFixed(1)} s; codes ${JSON.stringify(Object.fromEntries([...codes].sort((a, b) => a[0] - b[0])))}`);
    assert.deepEqual(failures, [], `seed ${SEED}:\n${failures.join('\n')}`);
    assert.equal(issued, REQUESTS);

    assert.equal(server.process.exitCode, null, 'the server process is alive');
    const ready = await send(agent, server.port, { index: -1, method: 'GET', path: '/readyz', headers: {}, streaming: false });
    assert.deepEqual(ready, { code: 200, text: 'ok' });
    const known = await call('GET', cmPath(PROTECTED_NAMESPACE, 'known'));
    assert.equal(known.code, 200);
    assert.equal(JSON.stringify(known.json), sentinel, 'the object written before fuzzing is unchanged');
    const listed = await call('GET', cmPath('fuzz'));
    assert.equal(listed.code, 200, 'the fuzzed namespace still lists');
  });
});
