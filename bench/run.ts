// Benchmark dispatcher: `npm run bench -- NAME [args…]` imports bench/NAME.ts and awaits its run(args).
// Every .ts file here other than this one is a benchmark; an unknown or missing name lists them.

import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface Benchmark {
  run(args: string[]): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts')
  .map((file) => file.slice(0, -'.ts'.length))
  .sort();

const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(`${name ? `unknown benchmark ${JSON.stringify(name)}. ` : ''}usage: npm run bench -- NAME\nbenchmarks: ${available.join(', ')}`);
  process.exit(2);
}
const benchmark = (await import(pathToFileURL(`${here}/${name}.ts`).href)) as Benchmark;
await benchmark.run(args);
