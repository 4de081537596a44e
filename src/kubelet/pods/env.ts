// A container's environment as upstream's kubelet builds it (kubelet_pods.go
// makeEnvironmentVariables): envFrom ConfigMaps/Secrets (with prefix; keys that are not valid
// variable names are skipped), then env in order — values with $(VAR) expanded against what is
// defined so far and the service variables, valueFrom configMapKeyRef/secretKeyRef/fieldRef/
// resourceFieldRef — then the service variables not already defined. A missing required ConfigMap,
// Secret or key is a ContainerConfigError with upstream's message, which the pod workers report as
// the container's CreateContainerConfigError.
import type { Container, Pod } from 'kubernetes-types/core/v1.d.ts';
import type { ConfigSource } from '../volumes/source.ts';
import { expand } from './expansion.ts';
import { fieldRefValue, resourceFieldRefValue, type RuntimeFields } from './field-ref.ts';
import { serviceEnv, serviceLinkServices } from './service-env.ts';

export class ContainerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContainerConfigError';
  }
}

export interface EnvContext extends RuntimeFields {
  source: ConfigSource;
  /** The node's allocatable, which resourceFieldRef limits default to. */
  allocatable: Record<string, string>;
}

/** upstream 1.32's IsEnvVarName. */
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

export async function containerEnv(pod: Pod, container: Container, ctx: EnvContext): Promise<{ key: string; value: string }[]> {
  const ns = pod.metadata?.namespace ?? 'default';
  const services = serviceEnv(serviceLinkServices(await ctx.source.services(), ns, pod.spec?.enableServiceLinks ?? true));
  const env = new Map<string, string>();
  for (const from of container.envFrom ?? []) {
    const data = await envFromData(ns, from, ctx.source);
    for (const [k, v] of Object.entries(data ?? {})) {
      const key = (from.prefix ?? '') + k;
      if (ENV_NAME.test(key)) env.set(key, v);
    }
  }
  for (const e of container.env ?? []) {
    if (e.valueFrom) {
      const v = await valueFrom(pod, container, e.valueFrom, ctx);
      if (v !== undefined) env.set(e.name, v);
    } else env.set(e.name, expand(e.value ?? '', (name) => env.get(name) ?? services.get(name)));
  }
  for (const [k, v] of services) if (!env.has(k)) env.set(k, v);
  return [...env].map(([key, value]) => ({ key, value }));
}

async function envFromData(ns: string, from: NonNullable<Container['envFrom']>[number], source: ConfigSource): Promise<Record<string, string> | undefined> {
  if (from.configMapRef) {
    const name = from.configMapRef.name ?? '';
    const cm = await source.configMap(ns, name);
    if (!cm && !from.configMapRef.optional) throw new ContainerConfigError(`configmap "${name}" not found`);
    return cm?.data;
  }
  if (from.secretRef) {
    const name = from.secretRef.name ?? '';
    const secret = await source.secret(ns, name);
    if (!secret && !from.secretRef.optional) throw new ContainerConfigError(`secret "${name}" not found`);
    return secret && Object.fromEntries(Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
  }
  return undefined;
}

/** undefined: an optional source that is missing (the variable is not set). */
async function valueFrom(pod: Pod, container: Container, from: NonNullable<NonNullable<Container['env']>[number]['valueFrom']>, ctx: EnvContext): Promise<string | undefined> {
  const ns = pod.metadata?.namespace ?? 'default';
  if (from.configMapKeyRef) {
    const { name = '', key, optional } = from.configMapKeyRef;
    const cm = await ctx.source.configMap(ns, name);
    if (!cm) return optional ? undefined : fail(`configmap "${name}" not found`);
    const v = cm.data?.[key];
    if (v === undefined) return optional ? undefined : fail(`couldn't find key ${key} in ConfigMap ${ns}/${name}`);
    return v;
  }
  if (from.secretKeyRef) {
    const { name = '', key, optional } = from.secretKeyRef;
    const secret = await ctx.source.secret(ns, name);
    if (!secret) return optional ? undefined : fail(`secret "${name}" not found`);
    const v = secret.data?.[key];
    if (v === undefined) return optional ? undefined : fail(`couldn't find key ${key} in Secret ${ns}/${name}`);
    return Buffer.from(v, 'base64').toString();
  }
  try {
    if (from.fieldRef) return fieldRefValue(pod, from.fieldRef, ctx);
    if (from.resourceFieldRef) {
      const name = from.resourceFieldRef.containerName || container.name;
      const target = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === name);
      if (!target) return fail(`cannot find container: ${name}`);
      return resourceFieldRefValue(from.resourceFieldRef, target, ctx.allocatable);
    }
  } catch (err) {
    if (err instanceof ContainerConfigError) throw err;
    return fail(err instanceof Error ? err.message : String(err));
  }
  return undefined;
}

function fail(message: string): never {
  throw new ContainerConfigError(message);
}
