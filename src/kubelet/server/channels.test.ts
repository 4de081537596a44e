import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHANNEL, exitStatus, frame, negotiate, parseFrame, parseResize } from './channels.ts';

test('negotiate prefers v5, then v4, and serves nothing older', () => {
  const table: [string[], string | undefined][] = [
    [['v4.channel.k8s.io', 'v5.channel.k8s.io'], 'v5.channel.k8s.io'],
    [['channel.k8s.io', 'v4.channel.k8s.io'], 'v4.channel.k8s.io'],
    [['base64.channel.k8s.io', 'v3.channel.k8s.io'], undefined],
    [[], undefined],
  ];
  for (const [offered, want] of table) assert.equal(negotiate(offered), want, offered.join(','));
});

test('frames carry the channel in their first byte', () => {
  assert.deepEqual([...frame(CHANNEL.stdout, 'hi')], [1, 0x68, 0x69]);
  assert.deepEqual([...frame(CHANNEL.close, Buffer.of(CHANNEL.stdin))], [255, 0]);
  const parsed = parseFrame(Buffer.from([0, 0x61]));
  assert.equal(parsed?.channel, CHANNEL.stdin);
  assert.equal(parsed?.data.toString(), 'a');
  assert.equal(parseFrame(Buffer.alloc(0)), undefined);
});

test('resize messages', () => {
  assert.deepEqual(parseResize(Buffer.from('{"Width":80,"Height":24}')), { width: 80, height: 24 });
  assert.equal(parseResize(Buffer.from('{"Width":"80"}')), undefined);
  assert.equal(parseResize(Buffer.from('nope')), undefined);
});

test('exit statuses: Success, or NonZeroExitCode with the code as an ExitCode cause', () => {
  assert.deepEqual(exitStatus(0), { metadata: {}, status: 'Success' });
  const failed = exitStatus(3) as { status: string; reason: string; details: { causes: { reason: string; message: string }[] } };
  assert.equal(failed.status, 'Failure');
  assert.equal(failed.reason, 'NonZeroExitCode');
  assert.deepEqual(failed.details.causes, [{ reason: 'ExitCode', message: '3' }]);
});
