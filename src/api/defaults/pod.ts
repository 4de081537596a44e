// Pod defaults (upstream pkg/apis/core/v1/defaults.go: SetDefaults_PodSpec, _Container, _Probe,
// volume sources). Templates get the spec defaults; only Pods get enableServiceLinks and the
// priority fields, which upstream sets on the Pod itself (defaulting and the Priority admission plugin).

import { ensure, setDefault } from './util.ts';

type Obj = Record<string, any>;

/** Upstream: Always for ":latest" or no tag (and no digest), IfNotPresent otherwise. */
export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  if (image.includes('@')) return 'IfNotPresent';
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastPart.lastIndexOf(':');
  const tag = colon >= 0 ? lastPart.slice(colon + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultProbe(probe: Obj | undefined): void {
  if (!probe) return;
  setDefault(probe, 'timeoutSeconds', 1);
  setDefault(probe, 'periodSeconds', 10);
  setDefault(probe, 'successThreshold', 1);
  setDefault(probe, 'failureThreshold', 3);
  if (probe.httpGet) setDefault(probe.httpGet, 'scheme', 'HTTP');
}

function defaultContainer(c: Obj): void {
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  if (typeof c.image === 'string' && c.image) setDefault(c, 'imagePullPolicy', defaultPullPolicy(c.image));
  ensure(c, 'resources');
  for (const p of c.ports ?? []) setDefault(p, 'protocol', 'TCP');
  for (const e of c.env ?? []) {
    const fieldRef = e.valueFrom?.fieldRef;
    if (fieldRef) setDefault(fieldRef, 'apiVersion', 'v1');
  }
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
}

/** 0644: what configMap, secret, projected and downwardAPI volumes get as defaultMode. */
const DEFAULT_MODE = 0o644;

function defaultVolume(v: Obj): void {
  for (const source of ['configMap', 'secret', 'projected', 'downwardAPI']) {
    if (v[source]) setDefault(v[source], 'defaultMode', DEFAULT_MODE);
  }
  if (v.hostPath) setDefault(v.hostPath, 'type', '');
  const known = Object.keys(v).some((k) => k !== 'name');
  // A volume with no source is an emptyDir, as upstream.
  if (!known) v.emptyDir = {};
}

export function defaultPodSpec(spec: Obj): void {
  setDefault(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  ensure(spec, 'securityContext');
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const c of spec.ephemeralContainers ?? []) defaultContainer(c);
  for (const v of spec.volumes ?? []) defaultVolume(v);
}

export function defaultPodTemplateSpec(template: Obj | undefined): void {
  if (!template) return;
  defaultPodSpec(ensure(template, 'spec'));
}

export function defaultPod(pod: Obj): void {
  const spec = ensure(pod, 'spec');
  defaultPodSpec(spec);
  setDefault(spec, 'enableServiceLinks', true);
  setDefault(spec, 'preemptionPolicy', 'PreemptLowerPriority');
  if (spec.priority === undefined || spec.priority === null) spec.priority = 0;
}
