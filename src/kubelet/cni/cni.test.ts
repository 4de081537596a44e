import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mustRun, run } from './command.ts';
import { KITES_BRIDGE, kitesConflist, loadConflist, loopbackConf, parseConflist, writeKitesConflist, type NetConfList } from './conflist.ts';
import { Cni, CniError, pluginExec, podIPv4, type PluginExec } from './exec.ts';
import { NodeNetwork, filterRuleset } from './node-network.ts';
import { createTestNetns, deleteTestNetns, netnsFile, rootSkipReason } from './testing.ts';

const rt = { containerId: 'c1', netns: '/x/net', ifName: 'eth0', args: [['K8S_POD_NAME', 'p']] as [string, string][] };

/** Plugins "found" in a temp dir, answering with what `answer` says and recording each call. */
async function fakePlugins(types: string[], answer: (type: string, env: Record<string, string>, conf: Record<string, unknown>) => { code: number; stdout: string }) {
  const dir = await mkdtemp(join(tmpdir(), 'kites-cni-'));
  for (const t of types) await writeFile(join(dir, t), '#!/bin/sh\n', { mode: 0o755 });
  const calls: { type: string; command: string; conf: Record<string, unknown>; env: Record<string, string> }[] = [];
  const exec: PluginExec = async (path, env, stdin) => {
    const type = path.split('/').at(-1)!;
    const conf = JSON.parse(stdin) as Record<string, unknown>;
    calls.push({ type, command: env.CNI_COMMAND!, conf, env });
    return { ...answer(type, env, conf), stderr: '' };
  };
  return { dir, calls, cni: new Cni({ pluginDirs: ['/nonexistent', dir], exec }), cleanup: () => rm(dir, { recursive: true, force: true }) };
}

const chain: NetConfList = { cniVersion: '1.0.0', name: 'net', plugins: [{ type: 'a', x: 1 }, { type: 'b' }] };

describe('CNI protocol', () => {
  test('ADD runs the chain in order, passing name, version and the previous result; DEL runs it in reverse', async () => {
    const f = await fakePlugins(['a', 'b'], (type) => ({ code: 0, stdout: JSON.stringify({ cniVersion: '1.0.0', ips: [{ address: type === 'a' ? '10.42.0.5/24' : '10.42.0.6/24' }] }) }));
    try {
      const result = await f.cni.add(chain, rt);
      assert.equal(podIPv4(result), '10.42.0.6');
      assert.deepEqual(f.calls.map((c) => c.type), ['a', 'b']);
      const [first, second] = f.calls;
      assert.deepEqual(second!.conf.prevResult, { cniVersion: '1.0.0', ips: [{ address: '10.42.0.5/24' }] });
      assert.deepEqual(first!.conf, { type: 'a', x: 1, cniVersion: '1.0.0', name: 'net' });
      const env = f.calls[0]!.env;
      assert.equal(env.CNI_CONTAINERID, 'c1');
      assert.equal(env.CNI_NETNS, '/x/net');
      assert.equal(env.CNI_IFNAME, 'eth0');
      assert.equal(env.CNI_ARGS, 'IgnoreUnknown=1;K8S_POD_NAME=p');
      assert.equal(env.CNI_PATH, `/nonexistent:${f.dir}`);
      f.calls.length = 0;
      await f.cni.del(chain, rt, result);
      assert.deepEqual(f.calls.map((c) => `${c.command} ${c.type}`), ['DEL b', 'DEL a']);
      assert.deepEqual(f.calls[0]!.conf.prevResult, result);
    } finally {
      await f.cleanup();
    }
  });

  test('a plugin error object becomes a CniError with its code and message', async () => {
    const f = await fakePlugins(['a', 'b'], () => ({ code: 1, stdout: JSON.stringify({ cniVersion: '1.0.0', code: 7, msg: 'invalid network config', details: 'no subnet' }) }));
    try {
      await assert.rejects(f.cni.add(chain, rt), (err: unknown) => err instanceof CniError && err.code === 7 && /a ADD failed \(code 7\): invalid network config \(no subnet\)/.test(err.message));
    } finally {
      await f.cleanup();
    }
  });

  test('missing plugins are named', async () => {
    const f = await fakePlugins(['a'], () => ({ code: 0, stdout: '{}' }));
    try {
      assert.deepEqual(await f.cni.missingPlugins(chain), ['b']);
      await assert.rejects(f.cni.add(chain, rt), /CNI plugin b ADD failed .*plugin not found/);
    } finally {
      await f.cleanup();
    }
  });

  const invalid: [string, string][] = [
    ['{', 'not JSON'],
    ['{"cniVersion":"1.0.0","plugins":[{"type":"x"}]}', '"name" is required'],
    ['{"name":"n","plugins":[{"type":"x"}]}', '"cniVersion" is required'],
    ['{"name":"n","cniVersion":"1.0.0","plugins":[]}', 'at least one plugin'],
    ['{"name":"n","cniVersion":"1.0.0","plugins":[{}]}', 'plugins[0].type is required'],
  ];
  for (const [text, message] of invalid) {
    test(`parseConflist rejects ${text}`, () => assert.throws(() => parseConflist(text, 'f'), new RegExp(message.replace(/[[\]]/g, '\\$&'))));
  }

  test('kites conflist: bridge kites0, host-local over the pod CIDR, no masquerade, hairpin; the first conflist wins', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kites-netd-'));
    try {
      await writeKitesConflist(dir, kitesConflist('10.42.3.0/24', '/d/ipam'));
      const own = await loadConflist(dir);
      assert.deepEqual(own.plugins[0], {
        type: 'bridge', bridge: 'kites0', isGateway: true, ipMasq: false, hairpinMode: true,
        ipam: { type: 'host-local', ranges: [[{ subnet: '10.42.3.0/24' }]], routes: [{ dst: '0.0.0.0/0' }], dataDir: '/d/ipam' },
      });
      await writeFile(join(dir, '05-mine.conflist'), JSON.stringify({ cniVersion: '1.0.0', name: 'mine', plugins: [{ type: 'ptp' }] }));
      assert.equal((await loadConflist(dir)).name, 'mine');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('the egress filter drops pod traffic leaving the cluster ranges unless egress is allowed', () => {
    assert.match(filterRuleset('10.40.0.0/14', false), /ip saddr 10\.40\.0\.0\/14 ip daddr != 10\.40\.0\.0\/14 counter drop/);
    assert.doesNotMatch(filterRuleset('10.40.0.0/14', true), /drop/);
  });
});

describe('CNI plugins in a node network namespace (root)', async () => {
  const skip = await rootSkipReason(['ip', 'nft', 'unshare', '/usr/lib/cni/bridge']);
  let node = '';
  let work = '';
  before(async () => {
    if (skip) return;
    node = await createTestNetns();
    work = await mkdtemp(join(tmpdir(), 'kites-cni-'));
  });
  after(async () => {
    if (skip) return;
    await deleteTestNetns(node);
    await rm(work, { recursive: true, force: true });
  });

  test('ADD gives the pod an address from the pod CIDR on eth0 behind kites0; CHECK passes; DEL removes the veth', { skip }, async () => {
    const cni = new Cni({ pluginDirs: ['/usr/lib/cni'], exec: pluginExec(node) });
    const list = kitesConflist('10.42.7.0/24', join(work, 'ipam'));
    const ns = await netnsFile();
    try {
      const r = { containerId: 'sandbox1', netns: ns.path, ifName: 'eth0' };
      await cni.add(loopbackConf(), { ...r, ifName: 'lo' });
      const result = await cni.add(list, r);
      assert.equal(podIPv4(result), '10.42.7.2');
      await cni.check(list, r, result);
      const inPod = await mustRun(['nsenter', `--net=${ns.path}`, 'ip', '-4', 'addr']);
      assert.match(inPod, /inet 10\.42\.7\.2\/24 .*eth0/);
      assert.match(inPod, /inet 127\.0\.0\.1/);
      assert.match(await mustRun(['ip', 'netns', 'exec', node, 'ip', '-4', 'addr', 'show', KITES_BRIDGE]), /inet 10\.42\.7\.1\/24/);
      assert.match(await mustRun(['ip', 'netns', 'exec', node, 'ip', 'link']), /veth/);
      // The host namespace never sees the bridge.
      assert.notEqual((await run(['ip', 'link', 'show', KITES_BRIDGE])).code, 0);
      await cni.del(list, r, result);
      await cni.del(list, r, result);
      assert.doesNotMatch(await mustRun(['ip', 'netns', 'exec', node, 'ip', 'link']), /veth/);
    } finally {
      await ns.remove();
    }
  });

  test('node network: egress table and kites-svc route appear in the node namespace and go on tear-down', { skip }, async () => {
    const net = new NodeNetwork({ nodeNetns: node, allowEgress: false });
    await net.setUp();
    await net.setUp();
    assert.match(await mustRun(['ip', 'netns', 'exec', node, 'nft', 'list', 'table', 'inet', 'kites-filter']), /daddr != 10\.40\.0\.0\/14 counter packets \d+ bytes \d+ drop/);
    assert.match(await mustRun(['ip', 'netns', 'exec', node, 'ip', 'route']), /10\.43\.0\.0\/16 dev kites-svc/);
    await net.tearDown();
    assert.notEqual((await run(['ip', 'netns', 'exec', node, 'nft', 'list', 'table', 'inet', 'kites-filter'])).code, 0);
    assert.doesNotMatch(await mustRun(['ip', 'netns', 'exec', node, 'ip', 'link']), /kites-svc/);
  });
});
