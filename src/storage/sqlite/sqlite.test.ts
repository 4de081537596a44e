// The SQLite backend against the shared conformance suite, on a manual clock for TTL expiry.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeBackendConformance } from '../conformance.ts';
import { ManualClock } from './clock.ts';
import { openSqliteBackend } from './sqlite.ts';

describeBackendConformance('sqlite', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'kites-sqlite-'));
  const clock = new ManualClock();
  const backend = await openSqliteBackend({ dataDir, clock });
  return {
    backend,
    advanceTime: (ms) => clock.advance(ms),
    cleanup: async () => {
      await backend.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
});
