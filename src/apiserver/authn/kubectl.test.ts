// End to end with the real kubectl: the admin kubeconfig's CA, client certificate and key are accepted,
// and the server sees system:admin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadOrCreatePki } from '../pki/store.ts';
import { writeAdminKubeconfig } from '../pki/kubeconfig.ts';
import { loadOrCreateNodeToken } from '../pki/node-token.ts';
import { Authenticator } from './authenticator.ts';
import { nodeTokenAuthenticator } from './node-token.ts';
import { TokenAuthenticators } from './tokens.ts';
import { startEchoServer } from './testing.ts';

const kubectl = '/usr/bin/kubectl';
const run = promisify(execFile);

test('kubectl authenticates with the admin kubeconfig and with the node token', { skip: !existsSync(kubectl) && 'kubectl is not installed' }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kites-kubectl-'));
  const pki = await loadOrCreatePki(dir);
  const tokens = new TokenAuthenticators();
  const nodeToken = await loadOrCreateNodeToken(dir);
  tokens.register(nodeTokenAuthenticator(nodeToken));
  const echo = await startEchoServer(pki, new Authenticator(tokens));
  const kubeconfig = join(dir, 'kubeconfig.yaml');
  await writeAdminKubeconfig(kubeconfig, { server: `https://127.0.0.1:${echo.port}`, ca: pki.ca.cert, cert: pki.admin.cert, key: pki.admin.key });
  // A private HOME keeps kubectl's caches out of the user's, and no proxy may divert loopback traffic.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, NO_PROXY: '*' };
  try {
    const admin = await run(kubectl, ['--kubeconfig', kubeconfig, 'get', '--raw', '/whoami'], { env, timeout: 20_000 });
    assert.deepEqual(JSON.parse(admin.stdout), { user: { name: 'system:admin', groups: ['system:masters', 'system:authenticated'] } });

    const version = await run(kubectl, ['--kubeconfig', kubeconfig, 'version', '-o', 'json'], { env, timeout: 20_000 });
    assert.equal(JSON.parse(version.stdout).serverVersion.gitVersion, 'v1.32.0+kites');

    // The node token instead of the client certificate: the server is still verified with the CA.
    const empty = join(dir, 'empty.yaml');
    await writeFile(empty, '');
    const server = `https://127.0.0.1:${echo.port}`;
    const asNode = ['--kubeconfig', empty, '--server', server, '--certificate-authority', join(pki.dir, 'ca.crt'), '--token', nodeToken, 'get', '--raw', '/whoami'];
    const node = await run(kubectl, asNode, { env, timeout: 20_000 });
    assert.equal(JSON.parse(node.stdout).user.name, 'system:node-agent');
  } finally {
    await echo.close();
    await rm(dir, { recursive: true, force: true });
  }
});
