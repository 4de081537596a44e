// Service spec rules users meet with `kubectl expose`/`apply` (upstream ValidateService):
// supported types, port ranges, unique named ports, protocols, and an immutable cluster IP.

import type { Service } from 'kubernetes-types/core/v1.d.ts';
import { type Cause, duplicate, index, invalid, invalidEach, notSupported, required } from './field.ts';
import { isDNS1123Label, isDNS1123Subdomain, isValidPortName, isValidPortNum } from './names.ts';
import { PORT_PROTOCOLS } from './pod.ts';

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const AFFINITIES = ['ClientIP', 'None'];

function validatePorts(svc: Service): Cause[] {
  const causes: Cause[] = [];
  const ports = svc.spec?.ports ?? [];
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const at = index('spec.ports', i);
    if (ports.length > 1 && !p.name) causes.push(required(`${at}.name`));
    if (p.name) {
      causes.push(...invalidEach(`${at}.name`, p.name, isDNS1123Label(p.name)));
      if (names.has(p.name)) causes.push(duplicate(`${at}.name`, p.name));
      names.add(p.name);
    }
    causes.push(...invalidEach(`${at}.port`, p.port, isValidPortNum(p.port)));
    if (!p.protocol) causes.push(required(`${at}.protocol`));
    else if (!PORT_PROTOCOLS.includes(p.protocol)) causes.push(notSupported(`${at}.protocol`, p.protocol, PORT_PROTOCOLS));
    const tp = p.targetPort;
    if (typeof tp === 'number') causes.push(...invalidEach(`${at}.targetPort`, tp, isValidPortNum(tp)));
    else if (typeof tp === 'string') causes.push(...invalidEach(`${at}.targetPort`, tp, isValidPortName(tp)));
    if (p.nodePort !== undefined && p.nodePort !== 0) causes.push(...invalidEach(`${at}.nodePort`, p.nodePort, isValidPortNum(p.nodePort)));
  });
  return causes;
}

export function validateService(svc: Service, old?: Service): Cause[] {
  const spec = svc.spec ?? {};
  const causes: Cause[] = [];
  const type = spec.type ?? 'ClusterIP';
  if (!SERVICE_TYPES.includes(type)) causes.push(notSupported('spec.type', type, SERVICE_TYPES));
  if (type === 'ExternalName') {
    if (!spec.externalName) causes.push(required('spec.externalName'));
    else causes.push(...invalidEach('spec.externalName', spec.externalName, isDNS1123Subdomain(spec.externalName.replace(/\.$/, ''))));
  } else if ((spec.ports ?? []).length === 0 && spec.clusterIP !== 'None') {
    causes.push(required('spec.ports'));
  }
  if (spec.sessionAffinity && !AFFINITIES.includes(spec.sessionAffinity)) causes.push(notSupported('spec.sessionAffinity', spec.sessionAffinity, AFFINITIES));
  causes.push(...validatePorts(svc));
  const oldIP = old?.spec?.clusterIP;
  // Once allocated, the cluster IP stays (unless the service becomes ExternalName, which has none).
  if (oldIP && type !== 'ExternalName' && old?.spec?.type !== 'ExternalName' && spec.clusterIP !== oldIP) {
    causes.push(invalid('spec.clusterIP', spec.clusterIP ?? '', 'field is immutable'));
  }
  return causes;
}
