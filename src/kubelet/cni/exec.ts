// Running a CNI chain as the spec's runtime side does: each plugin is an executable found on
// CNI_PATH, told what to do by CNI_COMMAND/CNI_CONTAINERID/CNI_NETNS/CNI_IFNAME/CNI_ARGS/CNI_PATH,
// given its configuration (with name, cniVersion and the previous plugin's result) on stdin, and
// answering a result or an error object on stdout. ADD runs the plugins in order, DEL in reverse,
// CHECK in order against the cached ADD result.
// https://github.com/containernetworking/cni/blob/main/SPEC.md#section-4-plugin-delegation
import { access, constants } from 'node:fs/promises';
import { join } from 'node:path';
import { inNodeNetns, run } from './command.ts';
import type { NetConfList, PluginConf } from './conflist.ts';

export interface CniResult {
  cniVersion: string;
  interfaces?: { name: string; mac?: string; sandbox?: string }[];
  ips?: { address: string; gateway?: string; interface?: number }[];
  routes?: { dst: string; gw?: string }[];
  dns?: Record<string, unknown>;
}

/** Which container and interface a call is about. */
export interface RuntimeConf {
  containerId: string;
  /** Path of the network namespace (a bind-mounted nsfs file). */
  netns: string;
  ifName: string;
  /** CNI_ARGS pairs, e.g. K8S_POD_NAMESPACE (IgnoreUnknown is always added). */
  args?: [string, string][];
}

export interface PluginOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs one plugin binary; the agent may wrap it (e.g. in `ip netns exec NODE_NS` for test nodes). */
export type PluginExec = (path: string, env: Record<string, string>, stdin: string) => Promise<PluginOutput>;

/** A plugin's error object (spec section 5, "Error"), e.g. code 7 "invalid network config". */
export class CniError extends Error {
  readonly code: number;
  readonly details: string;
  constructor(plugin: string, command: string, code: number, msg: string, details = '') {
    super(`CNI plugin ${plugin} ${command} failed (code ${code}): ${msg}${details ? ` (${details})` : ''}`);
    this.name = 'CniError';
    this.code = code;
    this.details = details;
  }
}

/** Runs plugins directly, or inside the node's network namespace when it has one of its own. */
export function pluginExec(nodeNetns?: string): PluginExec {
  return (path, env, stdin) => run(inNodeNetns(nodeNetns, [path]), { env, input: stdin });
}

export interface CniOptions {
  /** Directories searched for plugin binaries, in order (CNI_PATH). */
  pluginDirs: string[];
  exec?: PluginExec;
}

export class Cni {
  readonly #dirs: string[];
  readonly #exec: PluginExec;

  constructor(options: CniOptions) {
    this.#dirs = options.pluginDirs;
    this.#exec = options.exec ?? pluginExec();
  }

  /** Plugin types of the list that no plugin dir holds (so the agent can say what to install). */
  async missingPlugins(list: NetConfList): Promise<string[]> {
    const missing: string[] = [];
    for (const p of list.plugins) if (!(await this.#find(p.type))) missing.push(p.type);
    return missing;
  }

  async add(list: NetConfList, rt: RuntimeConf): Promise<CniResult> {
    let prev: CniResult | undefined;
    for (const p of list.plugins) prev = parseResult(await this.#invoke('ADD', list, p, rt, prev), p.type);
    return prev!;
  }

  /** Throws CniError when the network is not as ADD left it. */
  async check(list: NetConfList, rt: RuntimeConf, prevResult: CniResult): Promise<void> {
    for (const p of list.plugins) await this.#invoke('CHECK', list, p, rt, prevResult);
  }

  /** Releases what ADD set up; plugins tolerate a missing netns or a second DEL, as the spec asks. */
  async del(list: NetConfList, rt: RuntimeConf, prevResult?: CniResult): Promise<void> {
    for (const p of [...list.plugins].reverse()) await this.#invoke('DEL', list, p, rt, prevResult);
  }

  async #invoke(command: string, list: NetConfList, plugin: PluginConf, rt: RuntimeConf, prevResult?: CniResult): Promise<string> {
    const path = await this.#find(plugin.type);
    if (!path) throw new CniError(plugin.type, command, 0, `plugin not found in ${this.#dirs.join(':')}`);
    const conf = { ...plugin, cniVersion: list.cniVersion, name: list.name, ...(prevResult ? { prevResult } : {}) };
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin',
      CNI_COMMAND: command,
      CNI_CONTAINERID: rt.containerId,
      CNI_NETNS: rt.netns,
      CNI_IFNAME: rt.ifName,
      CNI_ARGS: [['IgnoreUnknown', '1'], ...(rt.args ?? [])].map(([k, v]) => `${k}=${v}`).join(';'),
      CNI_PATH: this.#dirs.join(':'),
    };
    const out = await this.#exec(path, env, JSON.stringify(conf));
    if (out.code !== 0) {
      const e = parseError(out.stdout);
      throw new CniError(plugin.type, command, e?.code ?? out.code, e?.msg ?? (out.stderr.trim() || out.stdout.trim() || `exit status ${out.code}`), e?.details);
    }
    return out.stdout;
  }

  async #find(type: string): Promise<string | undefined> {
    if (type.includes('/')) return undefined;
    for (const dir of this.#dirs) {
      const path = join(dir, type);
      if (await access(path, constants.X_OK).then(() => true, () => false)) return path;
    }
    return undefined;
  }
}

function parseResult(stdout: string, plugin: string): CniResult {
  try {
    const r = JSON.parse(stdout) as CniResult;
    if (typeof r === 'object' && r) return r;
  } catch {
    // fall through to the error below
  }
  throw new CniError(plugin, 'ADD', 0, `result is not a JSON object: ${stdout.slice(0, 200)}`);
}

function parseError(stdout: string): { code: number; msg: string; details?: string } | undefined {
  try {
    const e = JSON.parse(stdout) as { code?: unknown; msg?: unknown; details?: unknown };
    if (typeof e.code === 'number' && typeof e.msg === 'string') return { code: e.code, msg: e.msg, ...(typeof e.details === 'string' ? { details: e.details } : {}) };
  } catch {
    // not an error object
  }
  return undefined;
}

/** The first IPv4 address of a result (without its prefix length), as the pod IP. */
export function podIPv4(result: CniResult): string | undefined {
  const ip = result.ips?.find((i) => i.address.includes('.') && !i.address.startsWith('127.'));
  return ip?.address.split('/')[0];
}
