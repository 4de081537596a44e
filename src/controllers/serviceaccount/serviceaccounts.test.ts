import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Namespace, ServiceAccount } from 'kubernetes-types/core/v1.d.ts';
import { ApiStatusError } from '../../client/index.ts';
import { syncNamespace } from './serviceaccounts.ts';

const ns = (phase: string): Namespace => ({ metadata: { name: 'dev' }, status: { phase } });
const sa: ServiceAccount = { metadata: { name: 'default', namespace: 'dev' } };

const cases: { name: string; namespace?: Namespace; existing?: ServiceAccount; createFails?: ApiStatusError; creates: number; rejects?: boolean }[] = [
  { name: 'active namespace without the account: created', namespace: ns('Active'), creates: 1 },
  { name: 'account already cached: nothing to do', namespace: ns('Active'), existing: sa, creates: 0 },
  { name: 'terminating namespace: left alone', namespace: ns('Terminating'), creates: 0 },
  { name: 'namespace gone: nothing to do', creates: 0 },
  { name: 'created meanwhile (stale cache): fine', namespace: ns('Active'), createFails: new ApiStatusError(409, 'AlreadyExists', 'exists'), creates: 1 },
  {
    name: 'namespace began terminating meanwhile: fine',
    namespace: ns('Active'),
    createFails: new ApiStatusError(403, 'Forbidden', 'serviceaccounts "" is forbidden: unable to create new content in namespace dev because it is being terminated'),
    creates: 1,
  },
  { name: 'other failures are retried', namespace: ns('Active'), createFails: new ApiStatusError(500, 'InternalError', 'boom'), creates: 1, rejects: true },
];

for (const c of cases) {
  test(`serviceaccount: ${c.name}`, async () => {
    const created: ServiceAccount[] = [];
    const run = syncNamespace('dev', {
      namespace: () => c.namespace,
      serviceAccount: () => c.existing,
      create: async (_ns, obj) => {
        created.push(obj);
        if (c.createFails) throw c.createFails;
      },
    });
    if (c.rejects) await assert.rejects(run);
    else await run;
    assert.equal(created.length, c.creates);
    if (c.creates) assert.deepEqual(created[0]!.metadata, { name: 'default', namespace: 'dev' });
  });
}
