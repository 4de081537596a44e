// The one conformance suite every storage backend must pass (DESIGN.md, "State"): each backend's test
// file calls describeBackendConformance with a way to open a fresh, empty store per test.
//
//   describeBackendConformance('sqlite', async () => {
//     const dir = await mkdtemp(...);
//     const backend = await openSqliteBackend({ dataDir: dir });
//     return { backend, cleanup: async () => { await backend.close(); await rm(dir, { recursive: true }); } };
//   });
//
// No test asserts on timing; timeouts only turn a hang into a failure. Tests assume nothing about
// revisions beyond "strictly increasing", so a backend sharing a cluster with other writers passes too.

import { describe } from 'node:test';
import { describeCompaction } from './conformance/compaction.ts';
import { describeCrud } from './conformance/crud.ts';
import { resolveOptions, type ConformanceOptions, type Opener } from './conformance/harness.ts';
import { describeInvalidInput } from './conformance/invalid.ts';
import { describeList } from './conformance/list.ts';
import { describeTTL } from './conformance/ttl.ts';
import { describeWatch } from './conformance/watch.ts';

export type { ConformanceOptions, OpenedBackend, Opener } from './conformance/harness.ts';

export function describeBackendConformance(name: string, open: Opener, options?: ConformanceOptions): void {
  const opts = resolveOptions(options);
  describe(`${name} backend conformance`, () => {
    describeCrud(open, opts);
    describeList(open, opts);
    describeWatch(open, opts);
    describeCompaction(open, opts);
    describeTTL(open, opts);
    describeInvalidInput(open, opts);
  });
}
