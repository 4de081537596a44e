// Which uid/gid a container's process runs as: the pod's runAsUser/runAsGroup when set, else the
// image's USER ("name", "uid", "name:group", "uid:gid"), names looked up in the image's own
// /etc/passwd and /etc/group — the rules containerd applies.
import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface ProcessUser {
  uid: number;
  gid: number;
  additionalGids: number[];
}

interface PasswdEntry { name: string; uid: number; gid: number }
interface GroupEntry { name: string; gid: number; members: string[] }

export function parsePasswd(text: string): PasswdEntry[] {
  return text.split('\n').map((l) => l.split(':')).filter((f) => f.length >= 4 && /^\d+$/.test(f[2]!) && /^\d+$/.test(f[3]!))
    .map((f) => ({ name: f[0]!, uid: Number(f[2]), gid: Number(f[3]) }));
}

export function parseGroup(text: string): GroupEntry[] {
  return text.split('\n').map((l) => l.split(':')).filter((f) => f.length >= 3 && /^\d+$/.test(f[2]!))
    .map((f) => ({ name: f[0]!, gid: Number(f[2]), members: (f[3] ?? '').split(',').filter(Boolean) }));
}

/** Pure resolution over the image's passwd and group entries. */
export function resolveUser(imageUser: string, override: { runAsUser?: number; runAsGroup?: number }, passwd: PasswdEntry[], group: GroupEntry[]): ProcessUser {
  const [userPart = '', groupPart] = imageUser.split(':');
  let entry: PasswdEntry | undefined;
  let uid: number;
  if (override.runAsUser !== undefined) {
    uid = override.runAsUser;
    entry = passwd.find((p) => p.uid === uid);
  } else if (userPart === '') {
    uid = 0;
    entry = passwd.find((p) => p.uid === 0);
  } else if (/^\d+$/.test(userPart)) {
    uid = Number(userPart);
    entry = passwd.find((p) => p.uid === uid);
  } else {
    entry = passwd.find((p) => p.name === userPart);
    if (!entry) throw new Error(`unable to find user ${userPart}: no matching entries in passwd file`);
    uid = entry.uid;
  }
  let gid = entry?.gid ?? 0;
  if (override.runAsGroup !== undefined) gid = override.runAsGroup;
  else if (groupPart !== undefined && override.runAsUser === undefined) {
    if (/^\d+$/.test(groupPart)) gid = Number(groupPart);
    else {
      const g = group.find((x) => x.name === groupPart);
      if (!g) throw new Error(`unable to find group ${groupPart}: no matching entries in group file`);
      gid = g.gid;
    }
  }
  const additionalGids = entry ? group.filter((g) => g.members.includes(entry.name) && g.gid !== gid).map((g) => g.gid) : [];
  return { uid, gid, additionalGids };
}

/** Reads the image's /etc/passwd and /etc/group (refusing symlinks, which could point out of the rootfs). */
export async function resolveUserInRootfs(rootfs: string, imageUser: string, override: { runAsUser?: number; runAsGroup?: number }): Promise<ProcessUser> {
  const read = async (name: string) => {
    const path = join(rootfs, 'etc', name);
    const st = await lstat(path).catch(() => undefined);
    return st?.isFile() ? readFile(path, 'utf8') : '';
  };
  return resolveUser(imageUser, override, parsePasswd(await read('passwd')), parseGroup(await read('group')));
}
