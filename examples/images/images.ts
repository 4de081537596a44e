// The demo images of the atseashop shop (README, e2e tests): busybox httpd serving a page that names
// the image's version and the pod's hostname, plus /healthz. Built without network from Debian's
// busybox-static, byte-for-byte reproducibly (fixed mtimes and owners, sorted entries), so every
// build has the same digests. All three serve HTTP on port 80.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeImageArchive, type WrittenArchive } from '../../src/kubelet/images/archive-writer.ts';
import { writeTar, type TarEntry } from '../../src/kubelet/images/tar-writer.ts';

export const busyboxPath = '/bin/busybox';
const created = '2024-01-01T00:00:00Z';

export interface DemoImage {
  /** Output file name in examples/images/out/. */
  file: string;
  name: string;
  app: 'api' | 'webfront';
  version: string;
}

export const demoImages: DemoImage[] = [
  { file: 'api-v1.3.tar', name: 'docker.io/atseashop/api:v1.3', app: 'api', version: 'v1.3' },
  { file: 'webfront-v1.3.tar', name: 'docker.io/atseashop/webfront:v1.3', app: 'webfront', version: 'v1.3' },
  { file: 'webfront-v1.4.tar', name: 'docker.io/atseashop/webfront:v1.4', app: 'webfront', version: 'v1.4' },
];

const baseDirs = ['bin', 'sbin', 'usr', 'usr/bin', 'usr/sbin', 'etc', 'root', 'var'];

/** Layer 1, shared by every demo image: busybox, its applet links, /etc/passwd and /tmp. */
export function busyboxLayer(busybox = busyboxPath): Buffer {
  const applets = execFileSync(busybox, ['--list-full'], { encoding: 'utf8' }).split('\n').filter((p) => p && p !== 'bin/busybox');
  const entries: TarEntry[] = [
    ...baseDirs.map((path): TarEntry => ({ path, type: 'dir', mode: path === 'root' ? 0o700 : 0o755 })),
    { path: 'tmp', type: 'dir', mode: 0o1777 },
    { path: 'bin/busybox', type: 'file', mode: 0o755, content: readFileSync(busybox) },
    ...[...new Set(applets)].map((path): TarEntry => ({ path, type: 'symlink', linkpath: '/bin/busybox' })),
    { path: 'etc/passwd', type: 'file', content: 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' },
    { path: 'etc/group', type: 'file', content: 'root:x:0:\nnogroup:x:65534:\n' },
  ];
  return writeTar(entries);
}

/** Layer 2: the site. busybox httpd runs /cgi-bin/index.cgi for `/` when there is no index.html. */
export function siteLayer(image: DemoImage): Buffer {
  const title = `atseashop ${image.app} ${image.version}`;
  // CGI headers end in CRLF: httpd passes them on as they are, and strict HTTP clients want CRLF.
  const cgi = [
    '#!/bin/sh',
    "printf 'Content-Type: text/html\\r\\n\\r\\n'",
    `echo "<!doctype html><title>${title}</title><h1>${title}</h1><p>served by $(hostname)</p>"`,
    '',
  ].join('\n');
  return writeTar([
    { path: 'www', type: 'dir' },
    { path: 'www/cgi-bin', type: 'dir' },
    { path: 'www/cgi-bin/index.cgi', type: 'file', mode: 0o755, content: cgi },
    { path: 'www/healthz', type: 'file', content: 'ok\n' },
    { path: 'www/version', type: 'file', content: `${image.version}\n` },
  ]);
}

export function buildDemoImage(image: DemoImage, base: Buffer = busyboxLayer()): WrittenArchive {
  return writeImageArchive({
    name: image.name,
    layers: [base, siteLayer(image)],
    config: {
      Cmd: ['/bin/busybox', 'httpd', '-f', '-v', '-p', '80', '-h', '/www'],
      Env: ['PATH=/usr/sbin:/usr/bin:/sbin:/bin', `ATSEASHOP_VERSION=${image.version}`],
      WorkingDir: '/www',
      ExposedPorts: { '80/tcp': {} },
      Labels: { 'org.opencontainers.image.title': `atseashop ${image.app}`, 'org.opencontainers.image.version': image.version },
    },
    created,
    history: ['busybox-static from Debian: /bin/busybox and its applet links', `the ${image.app} site: /www (index.cgi, healthz)`],
  });
}
