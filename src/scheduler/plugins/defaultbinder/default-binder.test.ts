import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CycleState } from '../../framework/interface.ts';
import { Code } from '../../framework/status.ts';
import { pod } from '../../testing/builders.ts';
import { fakeHandle } from '../../testing/run-plugin.ts';
import { DefaultBinder } from './default-binder.ts';

test('DefaultBinder binds through the handle and turns failures into Error statuses', async () => {
  const cases = [
    { name: 'bind succeeds', fail: false, code: Code.Success },
    { name: 'bind fails', fail: true, code: Code.Error },
  ];
  for (const c of cases) {
    const handle = fakeHandle();
    if (c.fail) handle.bindPod = () => Promise.reject(new Error('pods "p" not found'));
    const s = await new DefaultBinder(handle).bind(new CycleState(), pod('p').obj(), 'n1', new AbortController().signal);
    assert.equal(s.code, c.code, c.name);
    if (!c.fail) assert.deepEqual(handle.bound, [['p', 'n1']]);
    else assert.deepEqual(s.reasons, ['pods "p" not found']);
  }
});
