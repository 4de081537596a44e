// Picks the storage backend from --datastore-endpoint: embedded SQLite under the data directory by
// default, etcd for clusters that outgrow one machine.
import { join } from 'node:path';
import type { Backend } from '../storage/backend.ts';
import { openSqliteBackend } from '../storage/sqlite/sqlite.ts';
import { isEtcdEndpoint, parseEtcdEndpoint } from '../storage/etcd/endpoint.ts';

export async function openDatastore(dataDir: string, endpoint: string | undefined): Promise<{ backend: Backend; description: string }> {
  if (endpoint && isEtcdEndpoint(endpoint)) {
    const { endpoints } = parseEtcdEndpoint(endpoint);
    // Loaded only when asked for: the gRPC client costs a quarter second and ~25 MB at start.
    const { openEtcdBackend } = await import('../storage/etcd/backend.ts');
    return { backend: await openEtcdBackend({ endpoints }), description: `etcd ${endpoints.join(',')}` };
  }
  if (endpoint) throw new Error(`unsupported --datastore-endpoint ${JSON.stringify(endpoint)}: use etcd://HOST:PORT[,HOST:PORT…], or leave it out for embedded SQLite`);
  const dir = join(dataDir, 'db');
  return { backend: await openSqliteBackend({ dataDir: dir }), description: `sqlite ${dir}` };
}
