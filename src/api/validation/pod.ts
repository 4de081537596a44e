// The pod spec rules users hit most (upstream pkg/apis/core/validation: validateContainers,
// validateContainerPorts, validateVolumes, restart and DNS policies). Paths and wording match upstream.

import type { Container, PodSpec, PodTemplateSpec } from 'kubernetes-types/core/v1.d.ts';
import { type Cause, child, duplicate, index, invalid, invalidEach, notFound, notSupported, required } from './field.ts';
import { validateAnnotations, validateLabels } from './objectmeta.ts';
import { isDNS1123Label, isValidPortName, isValidPortNum } from './names.ts';

export const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
export const PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

function validatePorts(ports: Container['ports'], field: string): Cause[] {
  const causes: Cause[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((p, i) => {
    const at = index(field, i);
    if (p.name) {
      causes.push(...invalidEach(`${at}.name`, p.name, isValidPortName(p.name)));
      if (names.has(p.name)) causes.push(duplicate(`${at}.name`, p.name));
      names.add(p.name);
    }
    if (!p.containerPort) causes.push(required(`${at}.containerPort`));
    else causes.push(...invalidEach(`${at}.containerPort`, p.containerPort, isValidPortNum(p.containerPort)));
    if (p.hostPort) causes.push(...invalidEach(`${at}.hostPort`, p.hostPort, isValidPortNum(p.hostPort)));
    if (!p.protocol) causes.push(required(`${at}.protocol`));
    else if (!PORT_PROTOCOLS.includes(p.protocol)) causes.push(notSupported(`${at}.protocol`, p.protocol, PORT_PROTOCOLS));
  });
  return causes;
}

function validateContainer(c: Container, at: string, volumes: Set<string>): Cause[] {
  const causes: Cause[] = [];
  if (!c.name) causes.push(required(`${at}.name`));
  else causes.push(...invalidEach(`${at}.name`, c.name, isDNS1123Label(c.name)));
  if (!c.image) causes.push(required(`${at}.image`));
  else if (c.image.trim() !== c.image) causes.push(invalid(`${at}.image`, c.image, 'must not have leading or trailing whitespace'));
  if (c.imagePullPolicy && !PULL_POLICIES.includes(c.imagePullPolicy)) causes.push(notSupported(`${at}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
  causes.push(...validatePorts(c.ports, `${at}.ports`));
  (c.env ?? []).forEach((e, i) => {
    if (!e.name) causes.push(required(`${index(`${at}.env`, i)}.name`));
  });
  (c.volumeMounts ?? []).forEach((m, i) => {
    const mAt = index(`${at}.volumeMounts`, i);
    if (!m.name) causes.push(required(`${mAt}.name`));
    else if (!volumes.has(m.name)) causes.push(notFound(`${mAt}.name`, m.name));
    if (!m.mountPath) causes.push(required(`${mAt}.mountPath`));
  });
  return causes;
}

function validateVolumes(spec: PodSpec, field: string): { causes: Cause[]; names: Set<string> } {
  const causes: Cause[] = [];
  const names = new Set<string>();
  (spec.volumes ?? []).forEach((v, i) => {
    const at = `${index(field, i)}.name`;
    if (!v.name) causes.push(required(at));
    else causes.push(...invalidEach(at, v.name, isDNS1123Label(v.name)));
    if (v.name && names.has(v.name)) causes.push(duplicate(at, v.name));
    names.add(v.name);
  });
  return { causes, names };
}

/** Validates a PodSpec found at `field` (e.g. 'spec' or 'spec.template.spec'). */
export function validatePodSpec(spec: PodSpec | undefined, field: string): Cause[] {
  const s = spec ?? ({} as PodSpec);
  const vols = validateVolumes(s, child(field, 'volumes'));
  const causes = [...vols.causes];
  if (!s.containers || s.containers.length === 0) causes.push(required(child(field, 'containers')));
  // Container names are unique across init and regular containers.
  const names = new Set<string>();
  const groups: Array<[string, Container[] | undefined]> = [
    ['initContainers', s.initContainers],
    ['containers', s.containers],
  ];
  for (const [group, list] of groups) {
    (list ?? []).forEach((c, i) => {
      const at = index(child(field, group), i);
      causes.push(...validateContainer(c, at, vols.names));
      if (c.name && names.has(c.name)) causes.push(duplicate(`${at}.name`, c.name));
      if (c.name) names.add(c.name);
    });
  }
  if (s.restartPolicy && !RESTART_POLICIES.includes(s.restartPolicy)) causes.push(notSupported(child(field, 'restartPolicy'), s.restartPolicy, RESTART_POLICIES));
  if (s.dnsPolicy && !DNS_POLICIES.includes(s.dnsPolicy)) causes.push(notSupported(child(field, 'dnsPolicy'), s.dnsPolicy, DNS_POLICIES));
  if (s.terminationGracePeriodSeconds !== undefined && s.terminationGracePeriodSeconds < 0) {
    causes.push(invalid(child(field, 'terminationGracePeriodSeconds'), s.terminationGracePeriodSeconds, 'must be greater than or equal to 0'));
  }
  if (s.activeDeadlineSeconds !== undefined && s.activeDeadlineSeconds <= 0) {
    causes.push(invalid(child(field, 'activeDeadlineSeconds'), s.activeDeadlineSeconds, 'must be between 1 and 2147483647, inclusive'));
  }
  return causes;
}

/** A pod template inside a workload or a PodTemplate object: its labels, annotations and spec. */
export function validatePodTemplateSpec(template: PodTemplateSpec | undefined, field: string): Cause[] {
  if (!template) return [required(field)];
  return [
    ...validateLabels(template.metadata?.labels, child(field, 'metadata', 'labels')),
    ...validateAnnotations(template.metadata?.annotations, child(field, 'metadata', 'annotations')),
    ...validatePodSpec(template.spec, child(field, 'spec')),
  ];
}
