// `npm run images`: writes examples/images/out/{api-v1.3,webfront-v1.3,webfront-v1.4}.tar (OCI image
// layouts that are docker-archives too). Needs Debian's busybox-static; no network.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildDemoImage, busyboxLayer, busyboxPath, demoImages } from './images.ts';

if (!existsSync(busyboxPath)) {
  process.stderr.write(`${busyboxPath} is missing: install Debian's busybox-static (scripts/setup.sh --test)\n`);
  process.exit(1);
}
const out = join(dirname(fileURLToPath(import.meta.url)), 'out');
mkdirSync(out, { recursive: true });
const base = busyboxLayer();
for (const image of demoImages) {
  const archive = buildDemoImage(image, base);
  writeFileSync(join(out, image.file), archive.tar);
  process.stdout.write(`${join(out, image.file)}  ${image.name}  ${archive.manifestDigest}\n`);
}
