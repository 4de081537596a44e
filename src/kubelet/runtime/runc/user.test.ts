import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseGroup, parsePasswd, resolveUser } from './user.ts';

const passwd = parsePasswd('root:x:0:0:root:/root:/bin/sh\nwww:x:33:33::/var/www:/bin/false\nbad line\n');
const group = parseGroup('root:x:0:\nwww:x:33:\nstaff:x:50:www\n');

const cases: { name: string; user: string; override?: { runAsUser?: number; runAsGroup?: number }; want: { uid: number; gid: number; additionalGids: number[] } | RegExp }[] = [
  { name: 'no USER runs as root', user: '', want: { uid: 0, gid: 0, additionalGids: [] } },
  { name: 'a name takes its passwd gid and groups', user: 'www', want: { uid: 33, gid: 33, additionalGids: [50] } },
  { name: 'a numeric uid unknown to passwd gets gid 0', user: '1234', want: { uid: 1234, gid: 0, additionalGids: [] } },
  { name: 'uid:gid', user: '1234:5678', want: { uid: 1234, gid: 5678, additionalGids: [] } },
  { name: 'name:group', user: 'www:staff', want: { uid: 33, gid: 50, additionalGids: [] } },
  { name: 'runAsUser overrides the image user, gid from passwd', user: 'nobody', override: { runAsUser: 33 }, want: { uid: 33, gid: 33, additionalGids: [50] } },
  { name: 'runAsGroup overrides the gid', user: 'www', override: { runAsGroup: 7 }, want: { uid: 33, gid: 7, additionalGids: [50] } },
  { name: 'an unknown name fails', user: 'nobody', want: /unable to find user nobody/ },
  { name: 'an unknown group fails', user: 'www:nogroup', want: /unable to find group nogroup/ },
];
for (const c of cases) {
  test(`user: ${c.name}`, () => {
    if (c.want instanceof RegExp) assert.throws(() => resolveUser(c.user, c.override ?? {}, passwd, group), c.want);
    else assert.deepEqual(resolveUser(c.user, c.override ?? {}, passwd, group), c.want);
  });
}
