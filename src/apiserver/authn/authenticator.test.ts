import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { connect } from 'node:tls';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueClientCertificate, loadOrCreatePki, nodeIdentity, type Pki } from '../pki/store.ts';
import type { CertAndKey } from '../pki/certificates.ts';
import { Authenticator } from './authenticator.ts';
import { nodeTokenAuthenticator } from './node-token.ts';
import { TokenAuthenticators } from './tokens.ts';
import { startEchoServer, type EchoServer } from './testing.ts';

const nodeToken = 'f'.repeat(64);
let dirs: string[] = [];
let pki: Pki;
let foreign: Pki;
let nodeCert: CertAndKey;
let echo: EchoServer;

before(async () => {
  dirs = [await mkdtemp(join(tmpdir(), 'kites-authn-')), await mkdtemp(join(tmpdir(), 'kites-authn-foreign-'))];
  [pki, foreign] = await Promise.all(dirs.map((d) => loadOrCreatePki(d)));
  nodeCert = await issueClientCertificate(pki!.ca, nodeIdentity('worker-1'), new Date());
  const tokens = new TokenAuthenticators();
  tokens.register(nodeTokenAuthenticator(nodeToken));
  echo = await startEchoServer(pki, new Authenticator(tokens));
});

after(async () => {
  await echo.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

interface Credentials {
  client?: CertAndKey;
  token?: string;
}

function get(creds: Credentials): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = creds.token ? { authorization: `Bearer ${creds.token}` } : {};
    const req = request(
      { host: '127.0.0.1', port: echo.port, path: '/whoami', ca: pki.ca.cert, cert: creds.client?.cert, key: creds.client?.key, headers, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const authenticated = 'system:authenticated';

test('requests are authenticated by client certificate or bearer token', async () => {
  const table: { name: string; creds: () => Credentials; status: number; body: Record<string, unknown> }[] = [
    {
      name: 'admin certificate',
      creds: () => ({ client: pki.admin }),
      status: 200,
      body: { user: { name: 'system:admin', groups: ['system:masters', authenticated] } },
    },
    {
      name: 'node certificate',
      creds: () => ({ client: nodeCert }),
      status: 200,
      body: { user: { name: 'system:node:worker-1', groups: ['system:nodes', authenticated] } },
    },
    { name: 'node token', creds: () => ({ token: nodeToken }), status: 200, body: { user: { name: 'system:node-agent', groups: ['system:nodes', authenticated] } } },
    { name: 'no credentials', creds: () => ({}), status: 401, body: { anonymous: true } },
    { name: 'wrong token', creds: () => ({ token: 'e'.repeat(64) }), status: 401, body: { error: 'invalid bearer token' } },
    {
      name: 'certificate from another CA and a good token',
      creds: () => ({ client: foreign.admin, token: nodeToken }),
      status: 200,
      body: { user: { name: 'system:node-agent', groups: ['system:nodes', authenticated] } },
    },
  ];
  for (const row of table) {
    const { status, body } = await get(row.creds());
    assert.equal(status, row.status, row.name);
    assert.deepEqual(body, row.body, row.name);
  }
});

test('certificates that are not the CA’s client certificates are refused', async () => {
  const table = [
    { name: 'admin certificate of another CA', creds: () => ({ client: foreign.admin }), error: /^x509: client certificate rejected: / },
    { name: 'the serving certificate used as a client one', creds: () => ({ client: pki.server }), error: /^x509: / },
  ];
  for (const row of table) {
    const { status, body } = await get(row.creds());
    assert.equal(status, 401, row.name);
    assert.equal(body.user, undefined, row.name);
    assert.match(String(body.error), row.error, row.name);
  }
});

test('only HTTP/1.1 is offered through ALPN, even to clients that prefer h2', async () => {
  const socket = connect({ host: '127.0.0.1', port: echo.port, ca: pki.ca.cert, servername: 'localhost', ALPNProtocols: ['h2', 'http/1.1'] });
  await new Promise<void>((resolve, reject) => {
    socket.once('secureConnect', resolve);
    socket.once('error', reject);
  });
  assert.equal(socket.alpnProtocol, 'http/1.1');
  assert.ok(socket.authorized, String(socket.authorizationError));
  socket.destroy();
});
