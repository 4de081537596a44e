// Writes a volume's files so a reader never sees half an update, as upstream's AtomicWriter
// (pkg/volume/util/atomic_writer.go): the files go into a fresh hidden directory `..<timestamp>`, the
// `..data` symlink is swapped to it with one rename, and each top-level name in the volume is a
// symlink through `..data` — so every file changes at once. An unchanged payload writes nothing.
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readFile, readdir, readlink, rename, rm, stat, symlink, writeFile, chmod } from 'node:fs/promises';
import { dirname, join, normalize, isAbsolute } from 'node:path';

const DATA_DIR = '..data';
const DATA_DIR_TMP = '..data_tmp';

export interface FileProjection {
  data: Buffer;
  /** Permission bits, e.g. 0o644. */
  mode: number;
}

export type Payload = Map<string, FileProjection>;

/** Returns whether anything was written. Throws on a path that would leave the volume. */
export async function writePayload(dir: string, payload: Payload, now: Date): Promise<boolean> {
  for (const path of payload.keys()) checkPath(path);
  await mkdir(dir, { recursive: true });
  const current = await readlink(join(dir, DATA_DIR)).catch(() => undefined);
  if (current && (await sameAsWritten(join(dir, current), payload))) return false;
  const tsDir = `..${timestamp(now)}.${randomBytes(4).toString('hex')}`;
  for (const [path, f] of payload) {
    const file = join(dir, tsDir, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, f.data);
    await chmod(file, f.mode);
  }
  await mkdir(join(dir, tsDir), { recursive: true });
  await rm(join(dir, DATA_DIR_TMP), { force: true });
  await symlink(tsDir, join(dir, DATA_DIR_TMP));
  await rename(join(dir, DATA_DIR_TMP), join(dir, DATA_DIR));
  const visible = new Set([...payload.keys()].map((p) => p.split('/')[0]!));
  for (const name of visible) {
    if (!(await lstat(join(dir, name)).catch(() => undefined))) await symlink(join(DATA_DIR, name), join(dir, name));
  }
  for (const name of await readdir(dir)) {
    if (name.startsWith('..')) {
      if (name !== DATA_DIR && name !== tsDir) await rm(join(dir, name), { recursive: true, force: true });
    } else if (!visible.has(name)) await rm(join(dir, name), { force: true });
  }
  return true;
}

function checkPath(path: string): void {
  const n = normalize(path);
  if (!path || isAbsolute(path) || n.startsWith('..') || n.split('/').includes('..') || path.startsWith('..')) throw new Error(`invalid path in volume payload: ${path}`);
}

async function sameAsWritten(tsDir: string, payload: Payload): Promise<boolean> {
  const existing = await listFiles(tsDir).catch(() => undefined);
  if (!existing || existing.length !== payload.size) return false;
  for (const path of existing) {
    const want = payload.get(path);
    if (!want) return false;
    const [data, st] = await Promise.all([readFile(join(tsDir, path)), stat(join(tsDir, path))]);
    if (!data.equals(want.data) || (st.mode & 0o7777) !== want.mode) return false;
  }
  return true;
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else out.push(rel);
  }
  return out;
}

/** upstream's "2006_01_02_15_04_05" layout. */
function timestamp(now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getUTCFullYear()}_${p(now.getUTCMonth() + 1)}_${p(now.getUTCDate())}_${p(now.getUTCHours())}_${p(now.getUTCMinutes())}_${p(now.getUTCSeconds())}`;
}
