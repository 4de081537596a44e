import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueClientCertificate, loadOrCreatePki, nodeIdentity } from './store.ts';
import { hasSubject } from './inspect.ts';

const clientAuth = '1.3.6.1.5.5.7.3.2';
const serverAuth = '1.3.6.1.5.5.7.3.1';
const day = 24 * 60 * 60 * 1000;

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'kites-pki-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function fingerprints(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of ['ca', 'server', 'admin', 'kubelet-client']) {
    out[name] = new X509Certificate(await readFile(join(dir, 'tls', `${name}.crt`))).fingerprint256;
  }
  return out;
}

test('a fresh data dir gets a CA, a serving and an admin certificate with private keys 0600', async () => {
  await withDir(async (dir) => {
    const pki = await loadOrCreatePki(dir);
    assert.deepEqual(pki.generated, ['ca', 'server', 'admin', 'kubelet-client']);
    assert.equal((await stat(join(dir, 'tls'))).mode & 0o777, 0o700);
    const modes = [
      ['ca.crt', 0o644],
      ['ca.key', 0o600],
      ['server.crt', 0o644],
      ['server.key', 0o600],
      ['admin.crt', 0o644],
      ['admin.key', 0o600],
    ] as const;
    for (const [file, mode] of modes) {
      assert.equal((await stat(join(dir, 'tls', file))).mode & 0o777, mode, file);
    }
    assert.equal(await readFile(join(dir, 'tls', 'admin.key'), 'utf8'), pki.admin.key);
  });
});

test('a second start reuses everything, quickly', async () => {
  await withDir(async (dir) => {
    await loadOrCreatePki(dir, { nodeAddresses: ['10.41.0.2'] });
    const before = await fingerprints(dir);
    const started = performance.now();
    const pki = await loadOrCreatePki(dir, { nodeAddresses: ['10.41.0.2'] });
    const elapsed = performance.now() - started;
    assert.deepEqual(pki.generated, []);
    assert.deepEqual(await fingerprints(dir), before);
    assert.ok(elapsed < 100, `reuse took ${elapsed.toFixed(1)} ms`);
  });
});

test('the serving certificate names every address the server is reached on', async () => {
  await withDir(async (dir) => {
    const pki = await loadOrCreatePki(dir, { nodeAddresses: ['10.41.0.7', 'node-a.example'] });
    const cert = new X509Certificate(pki.server.cert);
    const ca = new X509Certificate(pki.ca.cert);
    assert.ok(cert.checkIssued(ca) && cert.verify(ca.publicKey));
    assert.ok(ca.ca);
    assert.equal(cert.ca, false);
    assert.deepEqual(cert.keyUsage, [serverAuth]);
    const dns = ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', 'node-a.example'];
    for (const name of dns) assert.equal(cert.checkHost(name, { subject: 'never' }), name, name);
    for (const ip of ['127.0.0.1', '::1', '10.43.0.1', '10.41.0.7']) assert.equal(cert.checkIP(ip), ip, ip);
    assert.equal(cert.checkIP('10.41.0.8'), undefined);
    assert.equal(cert.subjectAltName!.split(', ').length, dns.length + 4);
  });
});

test('changed node addresses re-issue only the serving certificate', async () => {
  await withDir(async (dir) => {
    await loadOrCreatePki(dir, { nodeAddresses: ['10.41.0.2'] });
    const before = await fingerprints(dir);
    const pki = await loadOrCreatePki(dir, { nodeAddresses: ['10.41.0.3'] });
    assert.deepEqual(pki.generated, ['server']);
    const after = await fingerprints(dir);
    assert.equal(after.ca, before.ca);
    assert.equal(after.admin, before.admin);
    assert.notEqual(after.server, before.server);
    assert.equal(new X509Certificate(pki.server.cert).checkIP('10.41.0.2'), undefined);
  });
});

test('the admin certificate is system:admin in system:masters, for client authentication', async () => {
  await withDir(async (dir) => {
    const pki = await loadOrCreatePki(dir);
    const cert = new X509Certificate(pki.admin.cert);
    assert.equal(cert.subject, 'O=system:masters\nCN=system:admin');
    assert.deepEqual(cert.keyUsage, [clientAuth]);
    assert.equal(cert.subjectAltName, undefined);
  });
});

test('leaves are renewed in their last 90 days; the CA is kept', async () => {
  await withDir(async (dir) => {
    const start = new Date('2030-01-01T00:00:00Z');
    await loadOrCreatePki(dir, { now: () => start });
    const table = [
      { days: 200, generated: [] },
      { days: 300, generated: ['server', 'admin', 'kubelet-client'] },
    ];
    for (const { days, generated } of table) {
      const pki = await loadOrCreatePki(dir, { now: () => new Date(start.getTime() + days * day) });
      assert.deepEqual(pki.generated, generated, `after ${days} days`);
    }
  });
});

test('a broken or mismatched file is regenerated, and a new CA re-issues every leaf', async () => {
  await withDir(async (dir) => {
    await loadOrCreatePki(dir);
    await writeFile(join(dir, 'tls', 'admin.key'), 'garbage');
    assert.deepEqual((await loadOrCreatePki(dir)).generated, ['admin']);
    const other = await mkdtemp(join(tmpdir(), 'kites-pki-other-'));
    try {
      const foreign = await loadOrCreatePki(other);
      await writeFile(join(dir, 'tls', 'server.crt'), foreign.server.cert);
      await writeFile(join(dir, 'tls', 'server.key'), foreign.server.key);
      assert.deepEqual((await loadOrCreatePki(dir)).generated, ['server']);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
    await rm(join(dir, 'tls', 'ca.key'));
    assert.deepEqual((await loadOrCreatePki(dir)).generated, ['ca', 'server', 'admin', 'kubelet-client']);
  });
});

test('client certificates for other identities are signed by the cluster CA', async () => {
  await withDir(async (dir) => {
    const pki = await loadOrCreatePki(dir);
    const table = [nodeIdentity('worker-1'), { commonName: 'jane', organizations: ['dev', 'ops'] }, { commonName: 'a,b=c' }];
    for (const identity of table) {
      const issued = await issueClientCertificate(pki.ca, identity, new Date());
      const cert = new X509Certificate(issued.cert);
      assert.ok(cert.verify(new X509Certificate(pki.ca.cert).publicKey));
      assert.ok(hasSubject(cert, identity), `${cert.subject} vs ${JSON.stringify(identity)}`);
      assert.deepEqual(cert.keyUsage, [clientAuth]);
    }
  });
});
