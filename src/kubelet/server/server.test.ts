// The kubelet port: only the API server's client certificate gets in, and /containerLogs answers
// from the pod's container log (or with upstream's plain-text errors).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pod } from 'kubernetes-types/core/v1.d.ts';
import { createCertificateAuthority, issueCertificate, type CertAndKey } from '../../apiserver/pki/certificates.ts';
import { realClock } from '../../client/clock.ts';
import { createLogger } from '../../log/logger.ts';
import type { ContainerRuntime, ContainerStatus } from '../runtime/types.ts';
import { logContainer } from './container-lookup.ts';
import { startKubeletServer } from './start.ts';
import type { KubeletServer } from './server.ts';

const validity = { notBefore: new Date(Date.now() - 3600_000), notAfter: new Date(Date.now() + 3600_000) };
let dir: string;
let server: KubeletServer;
let port: number;
let apiServer: CertAndKey;
let admin: CertAndKey;
let stranger: CertAndKey;

const pod: Pod = {
  metadata: { name: 'web', namespace: 'default', uid: 'u' },
  spec: { nodeName: 'n1', containers: [{ name: 'app' }, { name: 'side' }] },
  status: { containerStatuses: [
    { name: 'app', ready: true, restartCount: 1, image: 'x', imageID: 'x', containerID: 'fake://c1', state: { running: {} }, lastState: { terminated: { exitCode: 1, containerID: 'fake://c0' } } },
    { name: 'side', ready: false, restartCount: 0, image: 'x', imageID: 'x', state: { waiting: { reason: 'ContainerCreating' } } },
  ] },
};

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kites-kubelet-server-'));
  await writeFile(join(dir, 'c1.log'), '2024-01-01T00:00:00Z stdout F hello\n2024-01-01T00:00:01Z stderr F world\n');
  const runtime = { containerStatus: async (id: string) => ({ state: 'CONTAINER_EXITED', logPath: join(dir, `${id}.log`) }) as ContainerStatus } as ContainerRuntime;
  const ca = await createCertificateAuthority({ commonName: 'cluster-ca', ...validity });
  const otherCa = await createCertificateAuthority({ commonName: 'other-ca', ...validity });
  [apiServer, admin, stranger] = await Promise.all([
    issueCertificate(ca, { commonName: 'kube-apiserver-kubelet-client', usage: 'client', ...validity }),
    issueCertificate(ca, { commonName: 'system:admin', organizations: ['system:masters'], usage: 'client', ...validity }),
    issueCertificate(otherCa, { commonName: 'kube-apiserver-kubelet-client', usage: 'client', ...validity }),
  ]);
  ({ server, port } = await startKubeletServer({
    address: '127.0.0.1', port: 0, clientCa: ca.cert, names: ['n1', '127.0.0.1'], clock: realClock, logger: createLogger({ level: 'error' }),
    pods: { pod: (ns, name) => (ns === 'default' && name === 'web' ? { pod, runtime } : undefined) },
  }));
});

after(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

function get(path: string, client: CertAndKey): Promise<{ code: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: '127.0.0.1', port, path, cert: client.cert, key: client.key, rejectUnauthorized: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ code: res.statusCode!, body }));
    });
    req.on('error', reject);
  });
}

test('only the API server\'s client certificate is let in', async () => {
  assert.deepEqual(await get('/healthz', apiServer), { code: 200, body: 'ok' });
  assert.equal((await get('/healthz', admin)).code, 403);
  await assert.rejects(get('/healthz', stranger));
});

const cases: { path: string; code: number; body: string }[] = [
  { path: '/containerLogs/default/web/app', code: 200, body: 'hello\nworld\n' },
  { path: '/containerLogs/default/web/app?tailLines=1&timestamps=true', code: 200, body: '2024-01-01T00:00:01Z world\n' },
  { path: '/containerLogs/default/web/side', code: 400, body: 'container "side" in pod "web" is waiting to start: ContainerCreating' },
  { path: '/containerLogs/default/web/nope', code: 404, body: 'container "nope" not found in pod "web"' },
  { path: '/containerLogs/default/gone/app', code: 404, body: 'pod "gone" does not exist' },
  { path: '/containerLogs/default/web/app?tailLines=-1', code: 400, body: 'tailLines: Invalid value: -1: must be greater than or equal to 0' },
];
for (const c of cases) {
  test(`GET ${c.path}`, async () => {
    assert.deepEqual(await get(c.path, apiServer), { code: c.code, body: c.body });
  });
}

test('previous is the last terminated container', () => {
  assert.deepEqual(logContainer(pod, 'app', true), { id: 'c0' });
  assert.deepEqual(logContainer(pod, 'side', true), { code: 400, message: 'previous terminated container "side" in pod "web" not found' });
  const done: Pod = { ...pod, status: { containerStatuses: [{ name: 'app', ready: false, restartCount: 0, image: 'x', imageID: 'x', state: { terminated: { exitCode: 0, containerID: 'fake://c9' } } }] } };
  assert.deepEqual(logContainer(done, 'app', false), { id: 'c9' });
});
