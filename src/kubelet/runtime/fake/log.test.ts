import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '../../../client/index.ts';
import { CriLogDecoder } from '../../logs/cri-format.ts';
import type { PodSandboxConfig } from '../types.ts';
import { FakeRuntime } from './runtime.ts';

const dir = await mkdtemp(join(tmpdir(), 'kites-fake-log-'));
after(() => rm(dir, { recursive: true, force: true }));

const sandbox: PodSandboxConfig = {
  metadata: { name: 'p', namespace: 'default', uid: 'u', attempt: 0 }, labels: {}, annotations: { 'kites.dev/fake-log-every-seconds': '1' },
};

test('fake containers write CRI logs: started, a tick a second when asked, exited; removed with the pod', async () => {
  const clock = new FakeClock(Date.UTC(2024, 0, 1));
  const rt = new FakeRuntime({ clock, fallbackPodCidr: '10.40.0.0/25', logDir: dir });
  const sid = await rt.runPodSandbox(sandbox);
  const id = await rt.createContainer(sid, { metadata: { name: 'app', attempt: 2 }, image: { image: 'busybox' }, labels: {}, annotations: {} }, sandbox);
  const path = (await rt.containerStatus(id)).logPath!;
  assert.equal(path, join(dir, 'default_p_u', 'app', '2.log'));
  await rt.startContainer(id);
  await clock.advance(2000);
  await rt.stopContainer(id, 0);
  await clock.advance(5000);
  await new Promise((r) => setTimeout(r, 50));
  const lines = new CriLogDecoder().push(await readFile(path));
  assert.deepEqual(lines.map((l) => l.content), ['fake container app started', 'fake container app tick 1', 'fake container app tick 2', 'fake container app exited with code 0']);
  assert.deepEqual(lines.map((l) => l.time), ['2024-01-01T00:00:00Z', '2024-01-01T00:00:01Z', '2024-01-01T00:00:02Z', '2024-01-01T00:00:02Z']);
  await rt.removePodSandbox(sid);
  assert.equal(existsSync(join(dir, 'default_p_u')), false);
});
