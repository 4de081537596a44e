import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseUpstream, upstreamsFromResolvConf } from './forwarder.ts';

test('resolv.conf nameservers, skipping the cluster service range', () => {
  const text = ['# generated', 'search default.svc.cluster.local svc.cluster.local', 'nameserver 10.43.0.10', 'nameserver 192.0.2.53 # office', 'nameserver fe80::1%eth0', 'options ndots:5', 'nameserver bogus'].join('\n');
  assert.deepEqual(upstreamsFromResolvConf(text, ['10.43.0.0/16']), [
    { host: '192.0.2.53', port: 53 },
    { host: 'fe80::1', port: 53 },
  ]);
});

test('upstream addresses', () => {
  const cases: Array<[string, { host: string; port: number } | 'error']> = [
    ['1.2.3.4', { host: '1.2.3.4', port: 53 }],
    ['127.0.0.1:5353', { host: '127.0.0.1', port: 5353 }],
    ['fd00::1', { host: 'fd00::1', port: 53 }],
    ['[fd00::1]:54', { host: 'fd00::1', port: 54 }],
    ['dns.example', 'error'],
    ['1.2.3.4:0', 'error'],
  ];
  for (const [text, want] of cases) {
    if (want === 'error') assert.throws(() => parseUpstream(text), /invalid DNS upstream/);
    else assert.deepEqual(parseUpstream(text), want);
  }
});
