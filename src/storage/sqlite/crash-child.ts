// Helper process for crash.test.ts: writes objects into the store at argv[2] and prints one line per
// acknowledged write ("<key> <revision>"), so the parent knows exactly what was promised before it
// kills this process with SIGKILL.

import { openSqliteBackend } from './sqlite.ts';

const [dataDir, countText = '2000', concurrencyText = '20'] = process.argv.slice(2);
if (!dataDir) throw new Error('usage: crash-child.ts DATA_DIR [COUNT] [CONCURRENCY]');
const count = Number(countText);
const backend = await openSqliteBackend({ dataDir });
let next = 0;
await Promise.all(
  Array.from({ length: Number(concurrencyText) }, async () => {
    while (next < count) {
      const key = `/registry/configmaps/default/cm-${next++}`;
      const revision = await backend.create(key, JSON.stringify({ kind: 'ConfigMap', metadata: { name: key }, data: { pad: 'x'.repeat(200) } }));
      // stdout to a pipe is synchronous on Linux: once write returns, the parent can read the line.
      process.stdout.write(`${key} ${revision}\n`);
    }
  }),
);
await backend.close();
process.stdout.write('done\n');
