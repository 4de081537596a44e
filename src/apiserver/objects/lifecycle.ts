// What the server does to an object on its way in, as upstream's REST strategies do: identity and
// timestamps on create, generation bumps on spec changes only, status written only through /status.
import { randomUUID, randomInt } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { ResourceType } from '../../api/schema/types.ts';
import { errors } from '../status.ts';
import type { KubeObject } from './codec.ts';

/** Kinds whose spec changes bump metadata.generation (upstream sets it in their strategies). */
const generationKinds = new Set([
  'apps/Deployment', 'apps/ReplicaSet', 'apps/StatefulSet', 'apps/DaemonSet', 'batch/Job', 'batch/CronJob',
  'autoscaling/HorizontalPodAutoscaler', 'policy/PodDisruptionBudget', 'networking.k8s.io/Ingress',
  'networking.k8s.io/NetworkPolicy', 'apiextensions.k8s.io/CustomResourceDefinition', '/Pod',
]);

export function tracksGeneration(rt: ResourceType): boolean {
  return generationKinds.has(`${rt.group}/${rt.kind}`) || !isBuiltinGroup(rt.group);
}

function isBuiltinGroup(group: string): boolean {
  return group === '' || !group.includes('.') || group.endsWith('.k8s.io');
}

export function hasStatusSubresource(rt: ResourceType): boolean {
  return rt.subresources.some((s) => s.name === 'status');
}

/** Upstream's generateName suffix: 5 characters from an alphabet without vowels or look-alikes. */
const suffixAlphabet = 'bcdfghjklmnpqrstvwxz2456789';
export function generateNameSuffix(): string {
  let out = '';
  for (let i = 0; i < 5; i++) out += suffixAlphabet[randomInt(suffixAlphabet.length)];
  return out;
}

export function apiVersionOf(rt: { group: string; version: string }): string {
  return rt.group ? `${rt.group}/${rt.version}` : rt.version;
}

/** The body's apiVersion and kind, when given, must name the resource the URL addresses. */
export function checkTypeMeta(rt: ResourceType, obj: KubeObject, expectedKind = rt.kind, expectedApiVersion = apiVersionOf(rt)): void {
  if (obj.kind !== undefined && obj.kind !== '' && obj.kind !== expectedKind) {
    throw errors.badRequest(`the kind in the data (${obj.kind}) does not match the expected kind (${expectedKind})`);
  }
  if (obj.apiVersion !== undefined && obj.apiVersion !== '' && obj.apiVersion !== expectedApiVersion) {
    throw errors.badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${expectedApiVersion})`);
  }
  obj.kind = expectedKind;
  obj.apiVersion = expectedApiVersion;
}

/** Fills the namespace from the URL; a body naming another namespace is an error, as upstream. */
export function checkNamespace(rt: ResourceType, obj: KubeObject, urlNamespace: string | undefined): void {
  if (!rt.namespaced) {
    delete obj.metadata.namespace;
    return;
  }
  const bodyNamespace = obj.metadata.namespace;
  if (bodyNamespace && urlNamespace && bodyNamespace !== urlNamespace) {
    throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  const namespace = urlNamespace ?? bodyNamespace;
  if (!namespace) throw errors.badRequest('the server could not find the requested resource: a namespace is required');
  obj.metadata.namespace = namespace;
}

export function prepareForCreate(rt: ResourceType, obj: KubeObject, now: Date): void {
  const meta = obj.metadata;
  if (!meta.name && meta.generateName) meta.name = meta.generateName + generateNameSuffix();
  meta.uid = randomUUID();
  meta.creationTimestamp = rfc3339(now);
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  delete meta.resourceVersion;
  delete meta.selfLink;
  if (tracksGeneration(rt)) meta.generation = 1;
  else delete meta.generation;
  if (hasStatusSubresource(rt) && rt.group + '/' + rt.kind !== 'apiextensions.k8s.io/CustomResourceDefinition') {
    if (rt.kind === 'Pod' && rt.group === '') obj.status = { phase: 'Pending', qosClass: qosClass(obj) };
    else if (rt.kind === 'Namespace' && rt.group === '') obj.status = { phase: 'Active' };
    else delete obj.status;
  }
  if (isNamespace(rt)) {
    // Upstream's namespace strategy: every namespace starts held by the namespace controller's token.
    const spec = (obj.spec ??= {}) as { finalizers?: string[] };
    if (!spec.finalizers?.includes('kubernetes')) spec.finalizers = [...(spec.finalizers ?? []), 'kubernetes'];
  }
}

/**
 * Carries over what a client may not change through the main resource: identity, creation time,
 * deletion state, and (for kinds with a status subresource) the status. Bumps generation when the
 * object's spec (everything but metadata and status) changed.
 */
export function prepareForUpdate(rt: ResourceType, next: KubeObject, old: KubeObject, subresource: string | undefined): void {
  const meta = next.metadata;
  const oldMeta = old.metadata;
  meta.uid = oldMeta.uid;
  meta.creationTimestamp = oldMeta.creationTimestamp;
  meta.namespace = oldMeta.namespace;
  meta.name = oldMeta.name;
  if (oldMeta.deletionTimestamp) {
    meta.deletionTimestamp = oldMeta.deletionTimestamp;
    if (oldMeta.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = oldMeta.deletionGracePeriodSeconds;
  } else {
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
  }
  delete meta.resourceVersion;
  if (isNamespace(rt)) {
    // spec.finalizers change only through /finalize (upstream's namespace and finalize strategies).
    const keep = (subresource === 'finalize' ? next : old).spec as { finalizers?: string[] } | undefined;
    next.spec = { ...(next.spec as object), finalizers: keep?.finalizers ?? [] };
  }
  if (subresource === 'status') {
    // Only the status changes through /status: upstream resets spec, labels and annotations.
    for (const key of Object.keys(next)) if (key !== 'status' && key !== 'metadata' && key !== 'apiVersion' && key !== 'kind') delete next[key];
    for (const key of Object.keys(old)) if (key !== 'status' && key !== 'metadata') next[key] = old[key];
    // Deployments are the exception: their status strategy keeps metadata.annotations, which is how
    // the deployment controller records deployment.kubernetes.io/revision (registry/apps/deployment).
    const annotations = isDeployment(rt) ? meta.annotations : oldMeta.annotations;
    next.metadata = { ...oldMeta, resourceVersion: undefined } as KubeObject['metadata'];
    delete next.metadata.resourceVersion;
    if (annotations === undefined) delete next.metadata.annotations;
    else next.metadata.annotations = annotations;
    return;
  }
  if (hasStatusSubresource(rt) && !(rt.kind === 'Namespace' && subresource === 'finalize')) {
    if (old.status === undefined) delete next.status;
    else next.status = old.status;
  }
  if (tracksGeneration(rt)) {
    meta.generation = oldMeta.generation ?? 1;
    // Deployments also count annotation changes: they are copied to the ReplicaSets.
    const annotationsChanged = isDeployment(rt) && !isDeepStrictEqual(meta.annotations ?? {}, oldMeta.annotations ?? {});
    if (annotationsChanged || !isDeepStrictEqual(specOf(next), specOf(old))) meta.generation += 1;
  } else {
    delete meta.generation;
  }
}

function isDeployment(rt: ResourceType): boolean {
  return rt.group === 'apps' && rt.kind === 'Deployment';
}

function isNamespace(rt: ResourceType): boolean {
  return rt.group === '' && rt.kind === 'Namespace';
}

function specOf(obj: KubeObject): Record<string, unknown> {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...spec } = obj;
  return spec;
}

/** RFC 3339 at second precision, as metav1.Time serializes. */
export function rfc3339(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

type Resources = { requests?: Record<string, string>; limits?: Record<string, string> };

/** Pod QoS class (Guaranteed, Burstable, BestEffort) from the containers' requests and limits. */
export function qosClass(pod: KubeObject): string {
  const spec = (pod.spec ?? {}) as { containers?: { resources?: Resources }[]; initContainers?: { resources?: Resources }[] };
  const containers = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
  let anySet = false;
  let guaranteed = true;
  for (const c of containers) {
    const { requests = {}, limits = {} } = c.resources ?? {};
    if (Object.keys(requests).length || Object.keys(limits).length) anySet = true;
    for (const r of ['cpu', 'memory']) {
      if (limits[r] === undefined) guaranteed = false;
      else if (requests[r] !== undefined && requests[r] !== limits[r]) guaranteed = false;
    }
  }
  if (!anySet) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}
