// What the runc runtime needs on the host, and the exact command that installs what is missing.
import { access, constants } from 'node:fs/promises';
import { join } from 'node:path';

/** Tool → Debian package. */
const TOOLS: [string, string][] = [
  ['runc', 'runc'], ['nft', 'nftables'], ['ip', 'iproute2'], ['unshare', 'util-linux'], ['mount', 'mount'],
];
export const CNI_PLUGIN_DIRS = ['/usr/lib/cni', '/opt/cni/bin'];
const CNI_PLUGINS = ['bridge', 'host-local', 'loopback'];

async function executable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(() => true, () => false);
}

/** A tool's path on PATH (or undefined). */
export async function which(tool: string, path = process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin'): Promise<string | undefined> {
  for (const dir of [...path.split(':'), '/usr/sbin', '/sbin']) if (dir && (await executable(join(dir, tool)))) return join(dir, tool);
  return undefined;
}

/** Missing tools and plugins as Debian packages (empty when all is there). */
export async function missingPackages(pluginDirs = CNI_PLUGIN_DIRS): Promise<string[]> {
  const missing = new Set<string>();
  for (const [tool, pkg] of TOOLS) if (!(await which(tool))) missing.add(pkg);
  for (const plugin of CNI_PLUGINS) {
    let found = false;
    for (const dir of pluginDirs) found ||= await executable(join(dir, plugin));
    if (!found) missing.add('containernetworking-plugins');
  }
  return [...missing];
}

export class MissingHostPackagesError extends Error {
  constructor(packages: string[]) {
    super(`the runc runtime needs ${packages.join(', ')}: install with \`apt-get install -y ${packages.join(' ')}\``);
    this.name = 'MissingHostPackagesError';
  }
}

/** Throws MissingHostPackagesError naming the apt-get command; also refuses to run as non-root. */
export async function preflight(pluginDirs = CNI_PLUGIN_DIRS): Promise<void> {
  const missing = await missingPackages(pluginDirs);
  if (missing.length) throw new MissingHostPackagesError(missing);
  if (process.getuid?.() !== 0) throw new Error('the runc runtime must run as root (it mounts, creates namespaces and cgroups)');
}
