// `kites image import|ls|rm`: the node's image store (the one the agent's runc runtime runs from).
import { Command } from 'commander';
import { importArchive } from '../kubelet/images/import.ts';
import { parseReference, repositoryName } from '../kubelet/images/reference.ts';
import { ImageStore, type ImageRecord } from '../kubelet/images/store.ts';

/** The agent's default --data-dir (src/cli/agent.ts): images imported here are the ones it runs. */
const defaultDataDir = '/var/lib/kites/agent';

/** Docker's decimal sizes: 2.01MB, 512kB, 980B. */
export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value}B` : `${Number(value.toPrecision(3))}${units[unit]}`;
}

/** One row per tag (an untagged image gets `<none> <none>`), newest-used first. */
export function imageTable(images: ImageRecord[]): string {
  const rows = [['REPOSITORY', 'TAG', 'IMAGE ID', 'SIZE']];
  for (const image of [...images].sort((a, b) => b.lastUsed - a.lastUsed)) {
    const id = image.id.slice('sha256:'.length, 'sha256:'.length + 12);
    const tags = image.repoTags.length > 0 ? image.repoTags : [undefined];
    for (const tag of tags) {
      const ref = tag ? parseReference(tag) : undefined;
      rows.push([ref ? repositoryName(ref) : '<none>', ref?.tag ?? '<none>', id, humanSize(image.size)]);
    }
  }
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  return rows.map((r) => r.map((cell, col) => (col === r.length - 1 ? cell : cell.padEnd(widths[col]! + 3))).join('')).join('\n') + '\n';
}

function store(flags: { dataDir: string }): ImageStore {
  return new ImageStore({ dataDir: flags.dataDir });
}

function fail(message: string): never {
  process.stderr.write(`kites image: ${message}\n`);
  process.exit(1);
}

export function imageCommand(): Command {
  const dataDir = ['--data-dir <dir>', 'the agent\'s data directory (images live in DIR/images)', defaultDataDir] as const;
  const image = new Command('image').description('Manage the images on this node: import archives, list, remove.');
  image
    .command('import')
    .description('Import image archives: tars of OCI image layouts (oci-layout, index.json, blobs/) or docker-archives (`docker save`).')
    .argument('<file...>')
    .option(...dataDir)
    .action(async (files: string[], flags: { dataDir: string }) => {
      for (const file of files) {
        try {
          for (const record of await importArchive(store(flags), file)) {
            process.stdout.write(`imported ${record.repoTags.join(', ') || '<none>'} (${record.id})\n`);
          }
        } catch (err) {
          fail((err as Error).message);
        }
      }
    });
  image
    .command('ls')
    .description('List images: REPOSITORY TAG IMAGE ID SIZE.')
    .option(...dataDir)
    .action(async (flags: { dataDir: string }) => {
      process.stdout.write(imageTable(await store(flags).list()));
    });
  image
    .command('rm')
    .description('Remove images by reference (untags; the last tag removes the image) or by ID.')
    .argument('<ref...>')
    .option(...dataDir)
    .action(async (refs: string[], flags: { dataDir: string }) => {
      for (const ref of refs) {
        try {
          await store(flags).remove(ref);
          process.stdout.write(`removed ${ref}\n`);
        } catch (err) {
          fail((err as Error).message);
        }
      }
    });
  return image;
}
