// Small builders shared by the image tests: layers and whole image archives in memory.
import { writeImageArchive, type WrittenArchive } from './archive-writer.ts';
import { writeTar, type TarEntry } from './tar-writer.ts';

export function layer(files: Record<string, string>): Buffer {
  return writeTar(Object.entries(files).map(([path, content]): TarEntry => ({ path, type: 'file', content })));
}

export function testImage(name: string, layers: Buffer[], format: 'oci' | 'docker' | 'both' = 'both'): WrittenArchive {
  return writeImageArchive({
    name,
    layers,
    config: { Entrypoint: ['/bin/app'], Cmd: ['--port', '80'], Env: ['PATH=/bin'], WorkingDir: '/srv', User: '1000:1000', ExposedPorts: { '80/tcp': {} } },
    created: '2024-01-01T00:00:00Z',
    format,
  });
}
