// The node's CNI network configuration, kept as files the way every CNI runtime reads them
// (libcni's ConfFiles): DIR/cni/net.d/*.conflist, the lexically first one wins. kites writes its own
// `10-kites.conflist` — bridge kites0 with the node's pod CIDR from host-local — and rewrites it when
// the pod CIDR changes; a user swaps in another chain by placing a conflist that sorts before it.
// https://github.com/containernetworking/cni/blob/main/SPEC.md#section-1-network-configuration-format
import { mkdir, readFile, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const CNI_VERSION = '1.0.0';
export const KITES_NETWORK = 'kites';
export const KITES_BRIDGE = 'kites0';
export const KITES_CONFLIST = '10-kites.conflist';

/** One plugin's configuration in a list; plugin-specific keys ride along untyped. */
export interface PluginConf {
  type: string;
  [key: string]: unknown;
}

export interface NetConfList {
  cniVersion: string;
  name: string;
  plugins: PluginConf[];
}

/**
 * kites' own chain. ipMasq stays off: masquerading is the service proxy's business, and pod traffic
 * leaving the cluster is dropped anyway unless egress is allowed. hairpinMode lets a pod reach
 * itself through a service address.
 */
export function kitesConflist(podCidr: string, ipamDataDir: string): NetConfList {
  return {
    cniVersion: CNI_VERSION,
    name: KITES_NETWORK,
    plugins: [{
      type: 'bridge', bridge: KITES_BRIDGE, isGateway: true, ipMasq: false, hairpinMode: true,
      ipam: { type: 'host-local', ranges: [[{ subnet: podCidr }]], routes: [{ dst: '0.0.0.0/0' }], dataDir: ipamDataDir },
    }],
  };
}

/** The loopback network every sandbox gets on `lo`, run apart from the chain (as containerd does). */
export function loopbackConf(): NetConfList {
  return { cniVersion: CNI_VERSION, name: 'cni-loopback', plugins: [{ type: 'loopback' }] };
}

/** Writes kites' conflist when it is missing or names another pod CIDR; atomic, so a reader never sees half. */
export async function writeKitesConflist(confDir: string, conf: NetConfList): Promise<void> {
  await mkdir(confDir, { recursive: true, mode: 0o755 });
  const path = join(confDir, KITES_CONFLIST);
  const text = JSON.stringify(conf, null, 2) + '\n';
  if ((await readFile(path, 'utf8').catch(() => '')) === text) return;
  await writeFile(`${path}.tmp`, text, { mode: 0o644 });
  await rename(`${path}.tmp`, path);
}

/** The conflist in force: the lexically first `*.conflist` in confDir. */
export async function loadConflist(confDir: string): Promise<NetConfList> {
  const names = (await readdir(confDir).catch(() => [] as string[])).filter((n) => n.endsWith('.conflist')).sort();
  if (names.length === 0) throw new Error(`no CNI network configuration (*.conflist) in ${confDir}`);
  return parseConflist(await readFile(join(confDir, names[0]!), 'utf8'), join(confDir, names[0]!));
}

export function parseConflist(text: string, where: string): NetConfList {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new Error(`${where}: not JSON (${(err as Error).message})`);
  }
  const c = raw as Partial<NetConfList>;
  if (typeof c.name !== 'string' || !c.name) throw new Error(`${where}: "name" is required`);
  if (typeof c.cniVersion !== 'string') throw new Error(`${where}: "cniVersion" is required`);
  if (!Array.isArray(c.plugins) || c.plugins.length === 0) throw new Error(`${where}: "plugins" must list at least one plugin`);
  for (const [i, p] of c.plugins.entries()) {
    if (typeof p?.type !== 'string' || !p.type) throw new Error(`${where}: plugins[${i}].type is required`);
  }
  return { cniVersion: c.cniVersion, name: c.name, plugins: c.plugins };
}
