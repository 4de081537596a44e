// KubeSchedulerConfiguration (kubescheduler.config.k8s.io/v1), the parts kites honours: profiles
// with their plugin sets per extension point (multiPoint expands to every point a plugin
// implements), score weights, plugin args, percentageOfNodesToScore and the back-off bounds.
import { readFile } from 'node:fs/promises';
import yaml from 'js-yaml';
import type { ExtensionPoint } from './interface.ts';

export interface PluginRef {
  name: string;
  weight?: number;
}

export interface PluginSet {
  enabled?: PluginRef[];
  /** `{name: '*'}` disables every default plugin at this point. */
  disabled?: { name: string }[];
}

export type Plugins = Partial<Record<ExtensionPoint | 'multiPoint', PluginSet>>;

export interface Profile {
  schedulerName: string;
  /** Overrides the top-level value for this profile. */
  percentageOfNodesToScore?: number;
  plugins?: Plugins;
  pluginConfig?: { name: string; args?: unknown }[];
}

export interface SchedulerConfiguration {
  apiVersion?: string;
  kind?: string;
  /** 0 (default) means upstream's adaptive percentage. */
  percentageOfNodesToScore?: number;
  podInitialBackoffSeconds?: number;
  podMaxBackoffSeconds?: number;
  profiles: Profile[];
}

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';
export const CONFIG_API_VERSION = 'kubescheduler.config.k8s.io/v1';

/**
 * The default profile's plugins, in upstream's order and weights (minus the volume plugins kites
 * does not have yet: VolumeRestrictions, NodeVolumeLimits, VolumeZone).
 */
export const DEFAULT_MULTI_POINT: readonly PluginRef[] = [
  { name: 'PrioritySort' },
  { name: 'NodeUnschedulable' },
  { name: 'NodeName' },
  { name: 'TaintToleration', weight: 3 },
  { name: 'NodeAffinity', weight: 2 },
  { name: 'NodePorts' },
  { name: 'NodeResourcesFit', weight: 1 },
  { name: 'VolumeBinding' },
  { name: 'PodTopologySpread', weight: 2 },
  { name: 'InterPodAffinity', weight: 2 },
  { name: 'DefaultPreemption' },
  { name: 'NodeResourcesBalancedAllocation', weight: 1 },
  { name: 'ImageLocality', weight: 1 },
  { name: 'DefaultBinder' },
];

export function defaultConfiguration(): SchedulerConfiguration {
  return { apiVersion: CONFIG_API_VERSION, kind: 'KubeSchedulerConfiguration', percentageOfNodesToScore: 0, podInitialBackoffSeconds: 1, podMaxBackoffSeconds: 10, profiles: [{ schedulerName: DEFAULT_SCHEDULER_NAME }] };
}

/** Parses and validates a configuration document; defaults fill what it leaves out. */
export function parseConfiguration(text: string): SchedulerConfiguration {
  const doc = yaml.load(text) as Partial<SchedulerConfiguration> | undefined;
  if (!doc || typeof doc !== 'object') throw new Error('scheduler config: not a YAML mapping');
  if (doc.apiVersion !== CONFIG_API_VERSION || doc.kind !== 'KubeSchedulerConfiguration') {
    throw new Error(`scheduler config: want apiVersion ${CONFIG_API_VERSION}, kind KubeSchedulerConfiguration; got ${doc.apiVersion} ${doc.kind}`);
  }
  const config = { ...defaultConfiguration(), ...doc } as SchedulerConfiguration;
  if (!doc.profiles?.length) config.profiles = defaultConfiguration().profiles;
  validate(config);
  return config;
}

export async function loadConfiguration(path: string): Promise<SchedulerConfiguration> {
  return parseConfiguration(await readFile(path, 'utf8'));
}

function validate(config: SchedulerConfiguration): void {
  const pct = (v: number | undefined, where: string) => {
    if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > 100)) throw new Error(`scheduler config: ${where}percentageOfNodesToScore must be an integer in 0..100`);
  };
  pct(config.percentageOfNodesToScore, '');
  const initial = config.podInitialBackoffSeconds ?? 1;
  const max = config.podMaxBackoffSeconds ?? 10;
  if (initial <= 0 || max < initial) throw new Error('scheduler config: need 0 < podInitialBackoffSeconds <= podMaxBackoffSeconds');
  const names = new Set<string>();
  config.profiles.forEach((p, i) => {
    if (!p.schedulerName) throw new Error(`scheduler config: profiles[${i}].schedulerName is required`);
    if (names.has(p.schedulerName)) throw new Error(`scheduler config: duplicate profile "${p.schedulerName}"`);
    names.add(p.schedulerName);
    pct(p.percentageOfNodesToScore, `profiles[${i}].`);
  });
}

/** multiPoint after merging the profile's choices into the defaults (a same-named plugin replaces the default in place). */
export function mergedMultiPoint(profile: Profile): PluginRef[] {
  const custom = profile.plugins?.multiPoint;
  const disabled = new Set((custom?.disabled ?? []).map((d) => d.name));
  const enabled = new Map((custom?.enabled ?? []).map((e) => [e.name, e]));
  const out: PluginRef[] = [];
  for (const d of DEFAULT_MULTI_POINT) {
    if (disabled.has('*') || disabled.has(d.name)) continue;
    out.push(enabled.get(d.name) ?? d);
    enabled.delete(d.name);
  }
  return [...out, ...enabled.values()];
}

/**
 * Ordered plugins for one extension point: the ones enabled explicitly there first, then the
 * multiPoint ones that implement it, minus those disabled there.
 */
export function pluginsForPoint(profile: Profile, point: ExtensionPoint, implementsPoint: (name: string) => boolean): PluginRef[] {
  const set = profile.plugins?.[point];
  const disabled = new Set((set?.disabled ?? []).map((d) => d.name));
  const explicit = set?.enabled ?? [];
  const seen = new Set(explicit.map((e) => e.name));
  const fromMulti = mergedMultiPoint(profile).filter((p) => !seen.has(p.name) && !disabled.has('*') && !disabled.has(p.name) && implementsPoint(p.name));
  return [...explicit, ...fromMulti];
}
