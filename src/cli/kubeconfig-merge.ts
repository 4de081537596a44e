// Adds (or refreshes) a `kites` cluster, user and context in a kubeconfig such as ~/.kube/config,
// leaving everything else in it alone. The current context is set only when there is none.
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import yaml from 'js-yaml';
import { secretMode, writeFileAtomic } from '../apiserver/pki/files.ts';

type Named<T> = { name: string } & T;
interface Kubeconfig {
  apiVersion?: string;
  kind?: string;
  clusters?: Named<{ cluster: unknown }>[];
  users?: Named<{ user: unknown }>[];
  contexts?: Named<{ context: unknown }>[];
  'current-context'?: string;
  [k: string]: unknown;
}

function upsert<T extends { name: string }>(list: T[] | undefined, item: T): T[] {
  return [...(list ?? []).filter((x) => x.name !== item.name), item];
}

/** Copies the `kites` entries of `source` (a kubeconfig kites wrote) into `target`. */
export async function mergeKubeconfig(source: string, target: string, name = 'kites'): Promise<void> {
  const from = yaml.load(await readFile(source, 'utf8')) as Kubeconfig;
  const existing = await readFile(target, 'utf8').catch(() => '');
  const to = ((existing ? yaml.load(existing) : undefined) ?? { apiVersion: 'v1', kind: 'Config' }) as Kubeconfig;
  const cluster = from.clusters?.[0];
  const user = from.users?.[0];
  if (!cluster || !user) throw new Error(`${source} has no cluster or user to merge`);
  const userName = `${name}-admin`;
  to.clusters = upsert(to.clusters, { name, cluster: cluster.cluster });
  to.users = upsert(to.users, { name: userName, user: user.user });
  to.contexts = upsert(to.contexts, { name, context: { cluster: name, user: userName } });
  if (!to['current-context']) to['current-context'] = name;
  await mkdir(dirname(target), { recursive: true, mode: 0o700 });
  await writeFileAtomic(target, yaml.dump(to), secretMode);
}
